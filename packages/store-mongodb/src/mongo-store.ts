import { SessionConfigError, type SessionStore, type StoredSession, type StoreEntry, storeError, type WriteCondition, type WriteResult } from '@sess/core'
import { type Collection, MongoClient, type MongoClientOptions } from 'mongodb'

export interface MongoStoreOptions {
  /** A MongoClient the app already has. The store never closes it. Give this or `url`. */
  client?: MongoClient
  /** A `mongodb://` or `mongodb+srv://` URL for a client the store creates and closes in `close()`. */
  url?: string
  /**
   * Options for the client created from `url`, over the store's bounded timeouts
   * (`serverSelectionTimeoutMS` and `connectTimeoutMS` 5000, `socketTimeoutMS` 30000).
   */
  clientOptions?: MongoClientOptions
  /** Database name (Flask `SESSION_MONGODB_DB`). @default 'sess' */
  dbName?: string
  /** Collection name (Flask `SESSION_MONGODB_COLLECT`). @default 'sessions' */
  collection?: string
  /**
   * Create the TTL index on `expiresAt` and the index on `userId` on first use. Turn off when
   * indexes are managed by migrations; reads filter out expired documents either way.
   * @default true
   */
  createIndexes?: boolean
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number
}

/** How a session is stored: one document per session, keyed by the store key. */
export interface SessionDocument {
  _id: string
  data: string
  expiresAt: Date
  version: number
  createdAt: Date
  userId: string | null
}

export const DEFAULTS = {
  dbName: 'sess',
  collection: 'sessions',
  createIndexes: true,
  clientOptions: { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, socketTimeoutMS: 30_000 },
} as const

const SCOPE = 'mongodb'
const DUPLICATE_KEY = 11000
// An index on these keys already exists with other options or another name: the app manages it.
const INDEX_ALREADY_DEFINED = new Set([85, 86])

/**
 * Sessions in MongoDB, one document per session. Writes are single conditional operations: an
 * upsert that only replaces an expired document for a new session, and a replace filtered on the
 * version for an update, so concurrent requests never overwrite each other. A TTL index on
 * `expiresAt` lets the server delete dead sessions; reads never return one whatever the server
 * still holds.
 *
 * @example
 * const store = new MongoStore({ client, dbName: 'app' })
 */
export class MongoStore implements SessionStore {
  readonly name = SCOPE
  readonly #client: MongoClient
  readonly #ownsClient: boolean
  readonly #collection: Collection<SessionDocument>
  readonly #createIndexes: boolean
  readonly #now: () => number
  #indexes: Promise<void> | undefined

  constructor(options: MongoStoreOptions) {
    const { client, url } = options ?? {}
    if (client && url) throw config('Pass either `client` or `url`, not both.')
    if (!client && !url) throw config('Pass `client` (a MongoClient) or `url` (a mongodb:// connection string).')
    if (client && options.clientOptions) throw config('`clientOptions` only applies to the client created from `url`; configure your own client directly.')
    this.#client = client ?? new MongoClient(url as string, { ...DEFAULTS.clientOptions, ...options.clientOptions })
    this.#ownsClient = !client
    this.#collection = this.#client.db(options.dbName ?? DEFAULTS.dbName).collection<SessionDocument>(options.collection ?? DEFAULTS.collection)
    this.#createIndexes = options.createIndexes ?? DEFAULTS.createIndexes
    this.#now = options.now ?? Date.now
  }

  async get(key: string): Promise<StoreEntry | null> {
    return this.#run('get', async (sessions, now) => {
      const doc = await sessions.findOne({ _id: key, expiresAt: { $gt: now } })
      return doc ? toEntry(doc) : null
    })
  }

  async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    return this.#run('set', async (sessions, now) => {
      const doc = toDocument(entry)
      if (condition.mode === 'create') {
        // Replaces an expired document the TTL monitor has not removed yet, inserts where there is
        // none, and fails with a duplicate key where a live one holds the key.
        try {
          await sessions.replaceOne({ _id: key, expiresAt: { $lte: now } }, doc, { upsert: true })
          return 'ok'
        } catch (error) {
          if ((error as { code?: unknown }).code === DUPLICATE_KEY) return 'exists'
          throw error
        }
      }
      const written = await sessions.replaceOne({ _id: key, version: condition.version, expiresAt: { $gt: now } }, doc)
      if (written.matchedCount === 1) return 'ok'
      const live = await sessions.findOne({ _id: key, expiresAt: { $gt: now } }, { projection: { _id: 1 } })
      return live ? 'conflict' : 'missing'
    })
  }

  async delete(key: string): Promise<void> {
    await this.#run('delete', (sessions) => sessions.deleteOne({ _id: key }))
  }

  async touch(key: string, expiresAt: number): Promise<void> {
    await this.#run('touch', (sessions, now) => sessions.updateOne({ _id: key, expiresAt: { $gt: now } }, { $set: { expiresAt: new Date(expiresAt) } }))
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    return this.#run('listByUser', async (sessions, now) => {
      const docs = await sessions.find({ userId, expiresAt: { $gt: now } }).toArray()
      return docs.map((doc) => ({ key: doc._id, entry: toEntry(doc) }))
    })
  }

  /** Deletes the expired documents the TTL monitor (which runs about once a minute) has not. */
  async clearExpired(): Promise<number> {
    return this.#run('clearExpired', async (sessions, now) => (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount)
  }

  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.close()
  }

  async #run<T>(operation: string, body: (sessions: Collection<SessionDocument>, now: Date) => Promise<T>): Promise<T> {
    try {
      await this.#ensureIndexes()
      return await body(this.#collection, new Date(this.#now()))
    } catch (error) {
      throw storeError(SCOPE, operation, error)
    }
  }

  // Once per store; a failure (server down) is retried on the next call.
  #ensureIndexes(): Promise<void> {
    if (!this.#createIndexes) return Promise.resolve()
    this.#indexes ??= Promise.all([
      this.#collection.createIndex({ expiresAt: 1 }, { name: 'expiresAt_ttl', expireAfterSeconds: 0 }).catch(unlessAlreadyDefined),
      this.#collection.createIndex({ userId: 1 }, { name: 'userId_1' }).catch(unlessAlreadyDefined),
    ]).then(
      () => undefined,
      (error: unknown) => {
        this.#indexes = undefined
        throw error
      },
    )
    return this.#indexes
  }
}

function unlessAlreadyDefined(error: unknown): void {
  if (!INDEX_ALREADY_DEFINED.has((error as { code?: number }).code ?? 0)) throw error
}

function toDocument(entry: StoreEntry): Omit<SessionDocument, '_id'> {
  return { data: entry.data, expiresAt: new Date(entry.expiresAt), version: entry.version, createdAt: new Date(entry.createdAt), userId: entry.userId }
}

function toEntry(doc: SessionDocument): StoreEntry {
  return { data: doc.data, expiresAt: doc.expiresAt.getTime(), version: doc.version, createdAt: doc.createdAt.getTime(), userId: doc.userId ?? null }
}

function config(message: string): SessionConfigError {
  return new SessionConfigError(`[sess] [${SCOPE}] ${message}`)
}
