export { MemcachedStore, type MemcachedStoreOptions } from './memcached-store.js'
