import { describe, it } from 'vitest'
import { CONTENDERS } from '../src/contenders.ts'
import { smokeOne } from '../src/smoke.ts'

// Each benchmark server starts and answers correctly, so the harness cannot rot. Redis contenders
// use BENCH_REDIS_URL or the local Redis on 6379 (what .ci/run starts).
describe('benchmark servers (smoke)', () => {
  it.concurrent.each(CONTENDERS.map((c) => [c.name, c] as const))('%s answers /hit and /read', async (_name, contender) => {
    await smokeOne(contender)
  })
})
