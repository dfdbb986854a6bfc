export { DEFAULTS, RedisStore, type RedisStoreOptions } from './redis-store.js'
