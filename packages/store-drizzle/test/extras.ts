import { makeEntry, uniqueKey, type TestClock } from '@sess/store-tests'
import { expect, it } from 'vitest'
import { DrizzleStore, type DrizzleStoreOptions } from '../src/index.js'

const HOUR = 3_600_000

/** Cases every dialect runs beside the conformance suite. */
export function drizzleExtras(db: () => DrizzleStoreOptions['db'], table: DrizzleStoreOptions['table'], clock: () => TestClock) {
  it('clearExpired deletes every expired row in bounded batches and counts them', async () => {
    const store = new DrizzleStore({ db: db(), table, now: clock().now, batchSize: 3 })
        const dead = Array.from({ length: 10 }, () => uniqueKey())
    const live = uniqueKey()
    for (const key of dead) await store.set(key, makeEntry(clock().now(), 1000), { mode: 'create' })
    await store.set(live, makeEntry(clock().now(), HOUR), { mode: 'create' })
    clock().advance(1000)
    expect(await store.clearExpired()).toBeGreaterThanOrEqual(10) // other tests' rows may expire in the same second
    expect(await store.clearExpired()).toBe(0)
    expect(await store.get(live)).not.toBeNull()
    clock().advance(-1000) // the deleted rows are gone, not merely hidden by the clock
    for (const key of dead) expect(await store.get(key)).toBeNull()
  })

  it('compares keys and user ids byte for byte (case matters)', async () => {
    const store = new DrizzleStore({ db: db(), table, now: clock().now })
    const key = uniqueKey('sess-test:Ab')
    await store.set(key, makeEntry(clock().now(), HOUR, { userId: 'User-A' }), { mode: 'create' })
    expect(await store.get(key.toLowerCase())).toBeNull()
    expect(await store.set(key.toUpperCase(), makeEntry(clock().now(), HOUR), { mode: 'create' })).toBe('ok')
    expect(await store.listByUser('user-a')).toEqual([])
    expect((await store.listByUser('User-A')).map((s) => s.key)).toEqual([key])
  })

  it('counts an update that rewrites identical values as written', async () => {
    const store = new DrizzleStore({ db: db(), table, now: clock().now })
    const key = uniqueKey()
    const entry = makeEntry(clock().now(), HOUR, { version: 4 })
    await store.set(key, entry, { mode: 'create' })
    expect(await store.set(key, entry, { mode: 'update', version: 4 })).toBe('ok')
  })
}
