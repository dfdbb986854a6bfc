import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeStore } from '@sess/store-tests'
import { afterAll } from 'vitest'
import { FileStore } from '../src/index.js'

const root = mkdtempSync(join(tmpdir(), 'sess-fs-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStore('FileStore', {
  // No cap here: the soak keeps 10,000 live sessions, and pruning past `threshold` is tested on its own.
  create: (clock) => new FileStore({ dir: join(root, 'suite'), threshold: 0, now: clock.now }),
  destroy: (store) => store.close(),
})
