import type { SessionStore, StoreEntry, WriteCondition, WriteResult } from './store.js'

export interface TieredStoreOptions {
  /** Fast store read first (Redis, memcached, MemoryStore). */
  cache: SessionStore
  /** Durable store that holds the truth (SQL, MongoDB, files). */
  persistent: SessionStore
}

/** Runs a cache operation; a cache outage is swallowed so requests fall back to the persistent store. */
async function tryCache<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch {
    return undefined
  }
}

/**
 * Django's `cached_db`: reads hit the cache first and fall back to the persistent store (filling
 * the cache), writes go to the persistent store and then the cache. A cache outage degrades to the
 * persistent store instead of failing, except `delete`: a session that could not be removed from
 * the cache would stay alive there, so a failed cache delete rejects (logout must not look done).
 */
export function tieredStore({ cache, persistent }: TieredStoreOptions): SessionStore {
  const refill = (key: string, entry: StoreEntry) => tryCache(async () => {
    await cache.delete(key)
    await cache.set(key, entry, { mode: 'create' })
  })

  return {
    name: `tiered(${cache.name}+${persistent.name})`,
    async get(key) {
      const cached = await tryCache(() => cache.get(key))
      if (cached) return cached
      const entry = await persistent.get(key)
      if (entry) await tryCache(() => cache.set(key, entry, { mode: 'create' }))
      return entry
    },
    async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
      const result = await persistent.set(key, entry, condition)
      // On a refused write the cache may be stale: drop it so the manager's re-read sees the truth.
      if (result === 'ok') await refill(key, entry)
      else await tryCache(() => cache.delete(key))
      return result
    },
    async delete(key) {
      await persistent.delete(key)
      await cache.delete(key)
    },
    async touch(key, expiresAt) {
      await persistent.touch?.(key, expiresAt)
      const cached = await tryCache(() => cache.get(key))
      if (cached) await refill(key, { ...cached, expiresAt })
    },
    listByUser: persistent.listByUser && ((userId) => persistent.listByUser!(userId)),
    clearExpired: async () => (await persistent.clearExpired?.()) ?? 0,
    async close() {
      await Promise.all([cache.close?.(), persistent.close?.()])
    },
  }
}
