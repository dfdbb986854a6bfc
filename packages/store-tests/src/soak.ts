import type { SessionStore, StoreEntry } from '@sess/core'
import { expect } from 'vitest'
import type { TestClock } from './clock.js'
import { uniqueKey } from './entries.js'

const HOUR = 3_600_000
const WORKERS = 16

/** A small seeded PRNG (mulberry32), so a failing soak can be replayed. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Creates `sessions` sessions, then runs twice as many random reads, updates, touches and deletes
 * across them (workers own disjoint keys, so every outcome is predictable), checking each read
 * against a model of what the store acknowledged, and finally every key once more.
 */
export async function soak(store: SessionStore, clock: TestClock, sessions: number, seed = 20261122): Promise<void> {
  const next = random(seed)
  const base = uniqueKey('soak:')
  const model = new Map<string, StoreEntry | null>()
  const keys = Array.from({ length: sessions }, (_, i) => `${base}:${i}`)
  const entryFor = (i: number, version: number, ttl = HOUR): StoreEntry => ({
    data: `{"i":${i},"v":${version},"pad":"${'x'.repeat(i % 200)}"}`,
    expiresAt: clock.now() + ttl,
    version,
    createdAt: clock.now(),
    userId: i % 10 === 0 ? `soak-user-${i % 7}` : null,
  })

  const byWorker = (w: number) => keys.filter((_, i) => i % WORKERS === w)
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (const key of byWorker(w)) {
        const entry = entryFor(keys.indexOf(key), 1)
        expect(await store.set(key, entry, { mode: 'create' })).toBe('ok')
        model.set(key, entry)
      }
    }),
  )

  const plan = Array.from({ length: sessions * 2 }, () => ({ index: Math.floor(next() * sessions), op: next() }))
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (const { index, op } of plan.filter((p) => p.index % WORKERS === w)) {
        const key = keys[index]!
        const known = model.get(key) ?? null
        if (op < 0.5) expect(await store.get(key), key).toEqual(known)
        else if (op < 0.8) {
          if (known) {
            const entry = entryFor(index, known.version + 1)
            expect(await store.set(key, entry, { mode: 'update', version: known.version })).toBe('ok')
            model.set(key, entry)
          } else {
            const entry = entryFor(index, 1)
            expect(await store.set(key, entry, { mode: 'create' })).toBe('ok')
            model.set(key, entry)
          }
        } else if (op < 0.9 && known && store.touch) {
          const expiresAt = clock.now() + 2 * HOUR
          await store.touch(key, expiresAt)
          model.set(key, { ...known, expiresAt })
        } else {
          await store.delete(key)
          model.set(key, null)
        }
      }
    }),
  )

  const lost: string[] = []
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200)
    const read = await Promise.all(batch.map((k) => store.get(k)))
    batch.forEach((k, j) => {
      const expected = model.get(k) ?? null
      if (JSON.stringify(read[j]) !== JSON.stringify(expected)) lost.push(k)
    })
  }
  expect(lost, `${lost.length} sessions differ from what the store acknowledged`).toEqual([])
  for (let i = 0; i < keys.length; i += 200) await Promise.all(keys.slice(i, i + 200).map((k) => store.delete(k)))
}
