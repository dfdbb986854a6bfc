import { SessionConfigError, SessionStoreError } from '@sess/core'
import { describeStore, makeEntry, uniqueKey } from '@sess/store-tests'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { RedisStore } from '../src/index.js'

const url = inject('redisUrl')
const client = new Redis(url, { commandTimeout: 2000 })
afterAll(() => client.quit())
const HOUR = 3_600_000

describeStore('redis (standalone)', {
  create: (clock) => new RedisStore({ client, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ store, clock }) => {
    it('keeps one string per session with a TTL Redis enforces, rounded up', async () => {
      const key = uniqueKey()
      await store().set(key, makeEntry(clock().now(), 90 * 24 * HOUR), { mode: 'create' })
      expect(await client.type(key)).toBe('string')
      const ttl = await client.pttl(key)
      expect(ttl).toBeGreaterThan(90 * 24 * HOUR - 60_000)
      expect(ttl).toBeLessThanOrEqual(90 * 24 * HOUR)
      const short = uniqueKey()
      await store().set(short, makeEntry(clock().now(), 1), { mode: 'create' })
      expect(await client.pttl(short)).not.toBe(-1) // 1 ms (perhaps gone already), never "forever"
    })

    it('touch moves the TTL in Redis too', async () => {
      const key = uniqueKey()
      await store().set(key, makeEntry(clock().now(), 10_000), { mode: 'create' })
      await store().touch(key, clock().now() + 40 * 24 * HOUR)
      expect(await client.pttl(key)).toBeGreaterThan(39 * 24 * HOUR)
    })

    it('keeps each user index set alive as long as its longest session, touch included', async () => {
      const user = uniqueKey('user-')
      const key = uniqueKey()
      await store().set(key, makeEntry(clock().now(), HOUR, { userId: user }), { mode: 'create' })
      const index = `sess-user:${user}`
      expect(await client.smembers(index)).toEqual([key])
      expect(await client.pttl(index)).toBeGreaterThan(HOUR - 60_000)
      await store().set(uniqueKey(), makeEntry(clock().now(), 60_000, { userId: user }), { mode: 'create' })
      expect(await client.pttl(index)).toBeGreaterThan(HOUR - 60_000) // a shorter session never shortens it
      await store().touch(key, clock().now() + 5 * HOUR)
      expect(await client.pttl(index)).toBeGreaterThan(5 * HOUR - 60_000)
    })

    it('drops a session from a user index when it moves to another user', async () => {
      const [alice, bob] = [uniqueKey('alice-'), uniqueKey('bob-')]
      const key = uniqueKey()
      await store().set(key, makeEntry(clock().now(), HOUR, { userId: alice, version: 1 }), { mode: 'create' })
      await store().set(key, makeEntry(clock().now(), HOUR, { userId: bob, version: 2 }), { mode: 'update', version: 1 })
      expect(await store().listByUser(alice)).toEqual([])
      expect(await client.smembers(`sess-user:${alice}`)).toEqual([])
      expect((await store().listByUser(bob)).map((s) => s.key)).toEqual([key])
    })

    it('rejects a value it did not write instead of calling it missing', async () => {
      const key = uniqueKey()
      await client.set(key, 'not a session', 'PX', 60_000)
      await expect(store().get(key)).rejects.toThrow(SessionStoreError)
      await expect(store().set(key, makeEntry(clock().now(), HOUR, { version: 2 }), { mode: 'update', version: 1 })).rejects.toThrow(
        /not a session entry/,
      )
    })

    it('clearExpired resolves 0: Redis expires keys itself', async () => {
      expect(await store().clearExpired()).toBe(0)
    })

    it('rejects an entry whose numbers cannot be stored', async () => {
      await expect(store().set(uniqueKey(), makeEntry(clock().now(), HOUR, { version: 1.5 }), { mode: 'create' })).rejects.toThrow(
        '[sess] [redis] Store set failed: version must be a whole number, 0 or more (got 1.5).',
      )
    })
  },
})

describe('RedisStore options', () => {
  const configError = (message: string) => new SessionConfigError(`[sess] [redis] ${message}`)

  it('needs a client or a url', () => {
    expect(() => new RedisStore({})).toThrow(
      configError('Pass `client` (an ioredis Redis or Cluster instance) or `url` (for example "redis://127.0.0.1:6379").'),
    )
  })

  it('refuses a client and a url together', () => {
    expect(() => new RedisStore({ client, url })).toThrow(
      configError('Pass either `client` (your ioredis client) or `url`/`redisOptions` (the store creates one), not both.'),
    )
  })

  it('checks the url scheme, the index prefix and the clock', () => {
    expect(() => new RedisStore({ url: 'http://localhost' })).toThrow(configError('`url` must start with redis:// or rediss://.'))
    expect(() => new RedisStore({ client, userIndexPrefix: '' })).toThrow(configError('`userIndexPrefix` must be a non-empty string.'))
    expect(() => new RedisStore({ client, now: 5 as never })).toThrow(configError('`now` must be a function returning epoch milliseconds.'))
  })

  it('creates its own client from a url with bounded timeouts, and close() quits it', async () => {
    const store = new RedisStore({ url })
    expect(store.client.options).toMatchObject({ connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 1 })
    const key = uniqueKey()
    expect(await store.set(key, makeEntry(Date.now(), HOUR), { mode: 'create' })).toBe('ok')
    await store.close()
    await store.close()
    await expect(store.get(key)).rejects.toThrow(SessionStoreError)
  })

  it('lets redisOptions override the defaults', async () => {
    const store = new RedisStore({ url, redisOptions: { commandTimeout: 500, keyPrefix: undefined } })
    expect(store.client.options).toMatchObject({ commandTimeout: 500, connectTimeout: 2000 })
    await store.close()
  })

  it('never closes a client it was given', async () => {
    const store = new RedisStore({ client })
    await store.close()
    expect(client.status).toBe('ready')
    expect(await client.ping()).toBe('PONG')
  })
})
