import { describe, expect, it } from 'vitest'
import { MemoryStore, type SessionStore, type StoreEntry, tieredStore } from '../src/index.js'

const entry = (data: string, version = 1): StoreEntry => ({ data, expiresAt: Date.now() + 60_000, version, createdAt: Date.now(), userId: null })

/** A cache that can be switched off, as when memcached goes away. */
function switchable(inner: SessionStore) {
  let down = false
  const fail = () => Promise.reject(new Error('cache unreachable'))
  const store: SessionStore & { down(v: boolean): void } = {
    name: 'switchable',
    down: (v) => void (down = v),
    get: (k) => (down ? fail() : inner.get(k)),
    set: (k, e, c) => (down ? fail() : inner.set(k, e, c)),
    delete: (k) => (down ? fail() : inner.delete(k)),
  }
  return store
}

describe('tieredStore (Django cached_db)', () => {
  it('reads the cache first and fills it from the persistent store on a miss', async () => {
    const cache = new MemoryStore()
    const persistent = new MemoryStore()
    const store = tieredStore({ cache, persistent })
    await persistent.set('k', entry('db'), { mode: 'create' })
    expect((await store.get('k'))?.data).toBe('db')
    expect((await cache.get('k'))?.data).toBe('db')
    await cache.delete('k')
    await cache.set('k', entry('cached'), { mode: 'create' })
    expect((await store.get('k'))?.data).toBe('cached')
  })

  it('writes to both, and drops a stale cache entry when the persistent store refuses a write', async () => {
    const cache = new MemoryStore()
    const persistent = new MemoryStore()
    const store = tieredStore({ cache, persistent })
    await store.set('k', entry('v1'), { mode: 'create' })
    expect((await cache.get('k'))?.data).toBe('v1')
    await persistent.set('k', entry('other request', 2), { mode: 'update', version: 1 })
    expect(await store.set('k', entry('late', 2), { mode: 'update', version: 1 })).toBe('conflict')
    expect(await cache.get('k')).toBeNull()
    expect((await store.get('k'))?.data).toBe('other request')
  })

  it('degrades to the persistent store while the cache is down, and recovers', async () => {
    const cache = switchable(new MemoryStore())
    const store = tieredStore({ cache, persistent: new MemoryStore() })
    cache.down(true)
    expect(await store.set('k', entry('v1'), { mode: 'create' })).toBe('ok')
    expect((await store.get('k'))?.data).toBe('v1')
    cache.down(false)
    expect((await store.get('k'))?.data).toBe('v1')
  })

  it('rejects a delete the cache could not carry out, so a logout never looks done when it is not', async () => {
    const cache = switchable(new MemoryStore())
    const persistent = new MemoryStore()
    const store = tieredStore({ cache, persistent })
    await store.set('k', entry('v1'), { mode: 'create' })
    cache.down(true)
    await expect(store.delete('k')).rejects.toThrow('cache unreachable')
    expect(await persistent.get('k')).toBeNull()
  })

  it('a persistent store outage is an error, never a miss', async () => {
    const persistent = switchable(new MemoryStore())
    const store = tieredStore({ cache: new MemoryStore(), persistent })
    persistent.down(true)
    await expect(store.get('missing')).rejects.toThrow('cache unreachable')
  })
})
