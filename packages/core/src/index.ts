export { SessionError, SessionConfigError, SessionStoreError, SessionTooLargeError, storeError } from './errors.js'
export { checkWrite, isExpired, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from './store.js'
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js'
