import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../src/index.js'

describe('MemoryStore bounds', () => {
  const entry = (n: number, ttl = 60_000) => ({ data: `d${n}`, expiresAt: 1_000 + ttl, version: 1, createdAt: 1_000, userId: null })

  it('evicts the least recently used session past `max`', async () => {
    const store = new MemoryStore({ max: 3, now: () => 1_000 })
    for (const n of [1, 2, 3]) await store.set(`k${n}`, entry(n), { mode: 'create' })
    await store.get('k1') // k1 is now the most recently used
    await store.set('k4', entry(4), { mode: 'create' })
    expect(store.size).toBe(3)
    expect(await store.get('k2')).toBeNull()
    expect((await store.get('k1'))?.data).toBe('d1')
  })

  it('sweeps expired sessions on writes without a timer', async () => {
    let now = 1_000
    const store = new MemoryStore({ now: () => now })
    for (let n = 0; n < 100; n++) await store.set(`old${n}`, entry(n, 10), { mode: 'create' })
    now += 20
    for (let n = 0; n < 100; n++) await store.set(`new${n}`, { ...entry(n), expiresAt: now + 60_000 }, { mode: 'create' })
    expect(store.size).toBe(100)
  })

  it('rejects a `max` that is not a positive whole number', () => {
    expect(() => new MemoryStore({ max: 0 })).toThrow('[sess] [memory] `max` must be a whole number of sessions, 1 or more (got 0).')
  })

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = new MemoryStore({ now: () => 1_000 })
    await store.set('k', entry(1), { mode: 'create' })
    const got = await store.get('k')
    got!.data = 'changed'
    expect((await store.get('k'))?.data).toBe('d1')
  })
})
