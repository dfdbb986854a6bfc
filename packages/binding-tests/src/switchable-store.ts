import { MemoryStore, type SessionStore } from '@sess/core'
import { createStoreControls, type StoreControls } from './store-controls.js'

/**
 * A store whose backend can be switched off, to test what a binding does in an outage, and whose
 * calls the test can log, hold and release (`StoreControls`), to order concurrent requests.
 */
export interface SwitchableStore extends SessionStore, StoreControls {
  /** While true, every call rejects as a backend failure would. */
  down: boolean
  /** The store every call goes to: read it to see what the requests left behind, uncontrolled. */
  readonly inner: SessionStore
}

/** Wraps `inner` (a MemoryStore by default) in a store that rejects every call while `down`. */
export function createSwitchableStore(inner: SessionStore = new MemoryStore()): SwitchableStore {
  const { controls, hooks } = createStoreControls()
  const store: SwitchableStore = {
    ...controls,
    name: 'switchable',
    down: false,
    inner,
    get: async (key) => {
      await hooks.beforeGet(key)
      return call(() => inner.get(key))
    },
    set: (key, entry, condition) => hooks.write({ operation: 'set', key, entry, condition }, () => call(() => inner.set(key, entry, condition))),
    delete: (key) => hooks.write({ operation: 'delete', key }, () => call(() => inner.delete(key))),
    touch: (key, expiresAt) => hooks.write({ operation: 'touch', key }, () => call(() => inner.touch?.(key, expiresAt) ?? Promise.resolve())),
    clearExpired: () => {
      hooks.log({ operation: 'clearExpired', key: null })
      return call(() => inner.clearExpired?.() ?? Promise.resolve(0))
    },
  }
  async function call<T>(operation: () => Promise<T>): Promise<T> {
    if (store.down) throw new Error('connection refused (the test switched the store off)')
    return operation()
  }
  return store
}
