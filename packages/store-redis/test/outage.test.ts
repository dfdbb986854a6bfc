import { SessionStoreError } from '@sess/core'
import { makeEntry, uniqueKey } from '@sess/store-tests'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisStore } from '../src/index.js'
import { freePorts, startRedisServer, tempDir, waitFor, type ThrowawayServer } from './server.js'

const HOUR = 3_600_000
// The store's own client: connectTimeout and commandTimeout 2000 ms, so 2 s plus slack.
const BOUND_MS = 3_000

async function rejectsWithin(promise: Promise<unknown>): Promise<number> {
  const started = Date.now()
  await expect(promise).rejects.toThrow(SessionStoreError)
  return Date.now() - started
}

describe('redis outage and recovery (throwaway server)', () => {
  let server: ThrowawayServer
  let store: RedisStore
  const temp = tempDir('redis-outage')

  beforeAll(async () => {
    const [port] = await freePorts(1)
    server = await startRedisServer(port!, temp.dir)
    store = new RedisStore({ url: server.url })
  })
  afterAll(async () => {
    await store?.close()
    await server?.stop()
    temp.remove()
  })

  it('rejects get and set within the bounded time while the server is down, then works again on the same store', async () => {
    const key = uniqueKey()
    expect(await store.set(key, makeEntry(Date.now(), HOUR), { mode: 'create' })).toBe('ok')

    await server.stop()
    expect(await rejectsWithin(store.get(key))).toBeLessThan(BOUND_MS)
    expect(await rejectsWithin(store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' }))).toBeLessThan(BOUND_MS)
    expect(await rejectsWithin(store.touch(key, Date.now() + HOUR))).toBeLessThan(BOUND_MS)

    await server.restart() // same port; `--save ''`, so the data is gone
    await waitFor('the store to reconnect', () => store.get(key).then(() => true, () => false), 10_000)
    const again = uniqueKey()
    expect(await store.set(again, makeEntry(Date.now(), HOUR, { data: 'back' }), { mode: 'create' })).toBe('ok')
    expect((await store.get(again))?.data).toBe('back')
  })

  it('rejects within commandTimeout when the server accepts but never answers, then recovers', async () => {
    const key = uniqueKey()
    await store.set(key, makeEntry(Date.now(), HOUR, { data: 'kept' }), { mode: 'create' })
    server.signal('SIGSTOP')
    try {
      expect(await rejectsWithin(store.get(key))).toBeLessThan(BOUND_MS)
      expect(await rejectsWithin(store.set(key, makeEntry(Date.now(), HOUR, { version: 2, data: 'late' }), { mode: 'update', version: 1 }))).toBeLessThan(BOUND_MS)
    } finally {
      server.signal('SIGCONT')
    }
    await waitFor('the store to answer again', () => store.get(key).then(() => true, () => false), 10_000)
    // A timed-out write has an unknown outcome: Redis may still run it once it wakes up.
    expect(['kept', 'late']).toContain((await store.get(key))?.data)
  })
})
