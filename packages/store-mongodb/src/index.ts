export { MongoStore, type MongoStoreOptions, type SessionDocument } from './mongo-store.js'
