import { MemoryStore, tieredStore } from '@sess/core'
import { describeStore } from '../src/index.js'

describeStore('tieredStore(MemoryStore + MemoryStore)', {
  create: (clock) => tieredStore({ cache: new MemoryStore({ now: clock.now }), persistent: new MemoryStore({ now: clock.now }) }),
})
