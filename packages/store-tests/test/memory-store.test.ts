import { MemoryStore } from '@sess/core'
import { describeStore } from '../src/index.js'

// The suite's own proof that it passes on a correct store; core cannot depend on this package.
describeStore('MemoryStore', { create: (clock) => new MemoryStore({ now: clock.now }) })
