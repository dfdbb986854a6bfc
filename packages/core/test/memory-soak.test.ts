import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SoakReport } from './fixtures/memory-soak.js'

const SESSIONS = 1_000_000
const MAX = 10_000
const CHECKPOINT_EVERY = 200_000
const MANAGER_EVERY = 20 // 50,000 of the sessions go through createSessionManager().load/commit
// A leak of even 10 bytes a session would add 8 MB between the first checkpoint and the last; a
// leaked entry (key, payload, entry object) is a few hundred bytes, so hundreds of MB.
const MAX_HEAP_GROWTH = 5 * 1024 * 1024

const fixture = fileURLToPath(new URL('./fixtures/memory-soak.ts', import.meta.url))
const packageDir = fileURLToPath(new URL('..', import.meta.url))

/** Runs the soak in a child process with `--expose-gc`, so heap figures follow a full collection. */
async function runSoak(): Promise<SoakReport> {
  const args = ['--expose-gc', '--conditions=dev-source', '--import', 'tsx', fixture, ...[SESSIONS, MAX, CHECKPOINT_EVERY, MANAGER_EVERY].map(String)]
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: packageDir, maxBuffer: 1024 * 1024 })
  return JSON.parse(stdout) as SoakReport
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`

describe(`MemoryStore soak: ${SESSIONS.toLocaleString('en')} sessions through max ${MAX.toLocaleString('en')}`, () => {
  let report: SoakReport
  beforeAll(async () => {
    report = await runSoak()
  }, 120_000)

  it('never holds more than `max` entries', () => {
    expect(report.largestSize).toBeLessThanOrEqual(MAX)
    expect(report.checkpoints.map((c) => c.size)).toEqual([MAX, MAX, MAX, MAX, MAX])
    expect(report.finalSize).toBe(MAX)
  })

  it('keeps the most recent sessions (and one read all along) readable and unchanged', () => {
    expect(report.recent.wrong).toEqual([])
    expect(report.recent.checked).toBe(MAX)
  })

  it('reads evicted sessions as missing, through the store and through the manager', () => {
    expect(report.evicted.found).toEqual([])
    expect(report.evicted.checked).toBeGreaterThan(900)
  })

  it('keeps the heap after GC flat from the first checkpoint to the last', () => {
    const heap = report.checkpoints.map((c) => `${c.sessions.toLocaleString('en')}: ${megabytes(c.heapUsed)}`).join(', ')
    expect(report.checkpoints.map((c) => c.sessions)).toEqual([1, 2, 3, 4, 5].map((n) => n * CHECKPOINT_EVERY))
    const growth = report.checkpoints.at(-1)!.heapUsed - report.checkpoints[0]!.heapUsed
    expect(growth, `heap used after GC: ${heap}; growth ${megabytes(growth)}`).toBeLessThan(MAX_HEAP_GROWTH)
  })
})
