import { MemoryStore, type SessionStore } from '@sess/core'

/** A store whose backend can be switched off, to test what a binding does in an outage. */
export interface SwitchableStore extends SessionStore {
  /** While true, every call rejects as a backend failure would. */
  down: boolean
}

/** Wraps `inner` (a MemoryStore by default) in a store that rejects every call while `down`. */
export function createSwitchableStore(inner: SessionStore = new MemoryStore()): SwitchableStore {
  const store: SwitchableStore = {
    name: 'switchable',
    down: false,
    get: (key) => call(() => inner.get(key)),
    set: (key, entry, condition) => call(() => inner.set(key, entry, condition)),
    delete: (key) => call(() => inner.delete(key)),
    touch: (key, expiresAt) => call(() => inner.touch?.(key, expiresAt) ?? Promise.resolve()),
    clearExpired: () => call(() => inner.clearExpired?.() ?? Promise.resolve(0)),
  }
  async function call<T>(operation: () => Promise<T>): Promise<T> {
    if (store.down) throw new Error('connection refused (the test switched the store off)')
    return operation()
  }
  return store
}
