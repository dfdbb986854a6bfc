import type { SessionStore } from '@sess/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestClock, type TestClock } from './clock.js'
import { binaryLikePayload, makeEntry, uniqueKey } from './entries.js'
import { soak } from './soak.js'

export interface DescribeStoreOptions<S extends SessionStore = SessionStore> {
  /**
   * Builds the store under test on a real backend. The store must read time from `clock.now`
   * (its `now` option) so expiry is tested without sleeping.
   */
  create(clock: TestClock): S | Promise<S>
  /** Runs after each test, for example to close the store and the client the test made. */
  destroy?(store: S): void | Promise<void>
  /** Extra cases special to this store; they run inside the suite's `describe`. */
  extra?(context: { store: () => S; clock: () => TestClock }): void
  /**
   * Sessions in the soak test (random reads, writes, touches and deletes checked against what the
   * store acknowledged); 0 skips it, for a second run of the suite on the same backend.
   * @default 10000
   */
  soak?: number
}

const HOUR = 3_600_000

/**
 * The conformance suite every @sess store runs against a real backend. Third-party stores run it
 * too: `describeStore('my-store', { create: (clock) => new MyStore({ client, now: clock.now }) })`.
 */
export function describeStore<S extends SessionStore>(name: string, options: DescribeStoreOptions<S>): void {
  describe(`store conformance: ${name}`, () => {
    let store: S
    let clock: TestClock
    beforeEach(async () => {
      clock = createTestClock()
      store = await options.create(clock)
    })
    afterEach(async () => {
      await options.destroy?.(store)
    })
    const ctx = { store: () => store, clock: () => clock }

    describe('get, set, delete', () => {
      it('returns null for a key never written', async () => {
        expect(await store.get(uniqueKey())).toBeNull()
      })

      it('returns exactly what was written, every field', async () => {
        const key = uniqueKey()
        const entry = makeEntry(clock.now(), HOUR, { version: 7, userId: 'user-42', createdAt: clock.now() - 5000 })
        expect(await store.set(key, entry, { mode: 'create' })).toBe('ok')
        expect(await store.get(key)).toEqual(entry)
      })

      it('deletes an entry, and deleting a missing key is not an error', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR), { mode: 'create' })
        await store.delete(key)
        expect(await store.get(key)).toBeNull()
        await expect(store.delete(key)).resolves.toBeUndefined()
      })

      it('keeps keys with different prefixes apart', async () => {
        const id = uniqueKey('')
        await store.set(`a:${id}`, makeEntry(clock.now(), HOUR, { data: 'A' }), { mode: 'create' })
        await store.set(`b:${id}`, makeEntry(clock.now(), HOUR, { data: 'B' }), { mode: 'create' })
        expect((await store.get(`a:${id}`))?.data).toBe('A')
        await store.delete(`b:${id}`)
        expect((await store.get(`a:${id}`))?.data).toBe('A')
        expect(await store.get(`b:${id}`)).toBeNull()
      })

      it('stores a 100 KB payload whole', async () => {
        const key = uniqueKey()
        const data = 'x'.repeat(50_000) + 'é'.repeat(25_000)
        await store.set(key, makeEntry(clock.now(), HOUR, { data }), { mode: 'create' })
        expect((await store.get(key))?.data).toBe(data)
      })

      it('stores any character unchanged (NUL, controls, quotes, astral planes)', async () => {
        const key = uniqueKey()
        const data = binaryLikePayload()
        await store.set(key, makeEntry(clock.now(), HOUR, { data }), { mode: 'create' })
        expect((await store.get(key))?.data).toBe(data)
      })

      it('handles concurrent writes of different keys', async () => {
        const keys = Array.from({ length: 25 }, () => uniqueKey())
        const results = await Promise.all(
          keys.map((k, i) => store.set(k, makeEntry(clock.now(), HOUR, { data: `v${i}` }), { mode: 'create' })),
        )
        expect(results.every((r) => r === 'ok')).toBe(true)
        const read = await Promise.all(keys.map((k) => store.get(k)))
        expect(read.map((e) => e?.data)).toEqual(keys.map((_, i) => `v${i}`))
      })
    })

    describe('conditional writes', () => {
      it('create refuses a key that holds a live entry', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR, { data: 'first' }), { mode: 'create' })
        expect(await store.set(key, makeEntry(clock.now(), HOUR, { data: 'second' }), { mode: 'create' })).toBe('exists')
        expect((await store.get(key))?.data).toBe('first')
      })

      it('create may reuse a key whose entry has expired', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), 1000, { data: 'old' }), { mode: 'create' })
        clock.advance(1001)
        expect(await store.set(key, makeEntry(clock.now(), HOUR, { data: 'new' }), { mode: 'create' })).toBe('ok')
        expect((await store.get(key))?.data).toBe('new')
      })

      it('update writes when the version matches', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR, { version: 1 }), { mode: 'create' })
        const next = makeEntry(clock.now(), 2 * HOUR, { version: 2, data: 'v2' })
        expect(await store.set(key, next, { mode: 'update', version: 1 })).toBe('ok')
        expect(await store.get(key)).toEqual(next)
      })

      it('update refuses a stale version and leaves the entry alone', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR, { version: 3, data: 'kept' }), { mode: 'create' })
        expect(await store.set(key, makeEntry(clock.now(), HOUR, { version: 3, data: 'lost' }), { mode: 'update', version: 2 })).toBe(
          'conflict',
        )
        expect((await store.get(key))?.data).toBe('kept')
      })

      it('update never brings back a deleted entry', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR), { mode: 'create' })
        await store.delete(key)
        expect(await store.set(key, makeEntry(clock.now(), HOUR, { version: 2 }), { mode: 'update', version: 1 })).toBe('missing')
        expect(await store.get(key)).toBeNull()
      })

      it('update never brings back an expired entry', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), 1000), { mode: 'create' })
        clock.advance(1000)
        expect(await store.set(key, makeEntry(clock.now(), HOUR, { version: 2 }), { mode: 'update', version: 1 })).toBe('missing')
        expect(await store.get(key)).toBeNull()
      })

      it('lets exactly one of many concurrent updates of one version win', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), HOUR, { version: 1 }), { mode: 'create' })
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.set(key, makeEntry(clock.now(), HOUR, { version: 2, data: `w${i}` }), { mode: 'update', version: 1 }),
          ),
        )
        expect(results.filter((r) => r === 'ok')).toHaveLength(1)
        expect(results.filter((r) => r === 'conflict')).toHaveLength(9)
        const winner = results.indexOf('ok')
        expect((await store.get(key))?.data).toBe(`w${winner}`)
      })
    })

    describe('expiry', () => {
      it('never returns an entry at or after its expiry, whatever the backend still holds', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), 10_000), { mode: 'create' })
        clock.advance(9_999)
        expect(await store.get(key)).not.toBeNull()
        clock.advance(1)
        expect(await store.get(key)).toBeNull()
      })

      it('keeps an entry that expires in under a second (TTL rounds up, never to "forever" or "now")', async () => {
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), 400), { mode: 'create' })
        expect(await store.get(key)).not.toBeNull()
        clock.advance(400)
        expect(await store.get(key)).toBeNull()
      })

      it('keeps a session that lives longer than 30 days', async () => {
        const key = uniqueKey()
        const entry = makeEntry(clock.now(), 90 * 24 * HOUR)
        await store.set(key, entry, { mode: 'create' })
        expect(await store.get(key)).toEqual(entry)
      })

      it('touch moves the expiry of a live entry', async (test) => {
        if (!store.touch) return test.skip('this store has no touch')
        const key = uniqueKey()
        await store.set(key, makeEntry(clock.now(), 10_000), { mode: 'create' })
        await store.touch(key, clock.now() + 60_000)
        clock.advance(30_000)
        const entry = await store.get(key)
        expect(entry?.expiresAt).toBe(clock.now() + 30_000)
      })

      it('touch on a missing or expired key does nothing', async (test) => {
        if (!store.touch) return test.skip('this store has no touch')
        const missing = uniqueKey()
        await store.touch(missing, clock.now() + HOUR)
        expect(await store.get(missing)).toBeNull()
        const expired = uniqueKey()
        await store.set(expired, makeEntry(clock.now(), 1000), { mode: 'create' })
        clock.advance(1000)
        await store.touch(expired, clock.now() + HOUR)
        expect(await store.get(expired)).toBeNull()
      })

      it('clearExpired removes expired entries and keeps live ones', async () => {
        const live = uniqueKey()
        const dead = uniqueKey()
        await store.set(live, makeEntry(clock.now(), HOUR), { mode: 'create' })
        await store.set(dead, makeEntry(clock.now(), 1000), { mode: 'create' })
        clock.advance(2000)
        if (store.clearExpired) expect(await store.clearExpired()).toBeGreaterThanOrEqual(0)
        expect(await store.get(dead)).toBeNull()
        expect(await store.get(live)).not.toBeNull()
      })
    })

    describe('users', () => {
      it('lists the live sessions of a user and no one else', async (test) => {
        if (!store.listByUser) return test.skip('this store keeps no user index')
        const user = uniqueKey('user-')
        const a = uniqueKey()
        const b = uniqueKey()
        const other = uniqueKey()
        const dead = uniqueKey()
        await store.set(a, makeEntry(clock.now(), HOUR, { userId: user, data: 'a' }), { mode: 'create' })
        await store.set(b, makeEntry(clock.now(), HOUR, { userId: user, data: 'b' }), { mode: 'create' })
        await store.set(other, makeEntry(clock.now(), HOUR, { userId: `${user}-other` }), { mode: 'create' })
        await store.set(dead, makeEntry(clock.now(), 1000, { userId: user }), { mode: 'create' })
        clock.advance(1000)
        const listed = await store.listByUser(user)
        expect(listed.map((s) => s.key).sort()).toEqual([a, b].sort())
        expect(listed.find((s) => s.key === a)?.entry.data).toBe('a')
        await store.delete(a)
        expect((await store.listByUser(user)).map((s) => s.key)).toEqual([b])
      })
    })

    it('closes without error', async () => {
      const extra = await options.create(clock)
      await extra.set(uniqueKey(), makeEntry(clock.now(), HOUR), { mode: 'create' })
      await expect(Promise.resolve(extra.close?.())).resolves.toBeUndefined()
      await options.destroy?.(extra)
    })

    const sessions = options.soak ?? 10_000
    it.runIf(sessions > 0)(`loses nothing acknowledged across ${sessions} sessions of random reads, writes, touches and deletes`, async () => {
      await soak(store, clock, sessions)
    }, 240_000)

    options.extra?.(ctx)
  })
}
