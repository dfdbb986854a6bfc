import { SessionConfigError, storeError, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from '@sess/core'
import { Redis, type Cluster, type RedisOptions } from 'ioredis'
import { decodeEntry, encodeEntry, encodeExpiry } from './entry-codec.js'
import { INDEX_SCRIPT, TOUCH_SCRIPT, WRITE_SCRIPT } from './scripts.js'

export interface RedisStoreOptions {
  /**
   * A ready ioredis client: `Redis` (standalone, or Sentinel when made with `sentinels`) or
   * `Cluster`. The store never closes it. Set its `commandTimeout` so an outage rejects instead
   * of waiting. Give either `client` or `url`/`redisOptions`.
   */
  client?: Redis | Cluster
  /** A `redis://` or `rediss://` URL; the store creates its own client and `close()` quits it. */
  url?: string
  /**
   * ioredis options for the client the store creates (with or without `url`), over
   * `DEFAULTS.clientOptions`. Pass `sentinels` and `name` here for a Sentinel deployment.
   */
  redisOptions?: RedisOptions
  /** Prefix of the per-user index sets (a Redis set of session keys per user id). @default 'sess-user:' */
  userIndexPrefix?: string
  /** The clock, epoch milliseconds. Every expiry decision and TTL uses it. @default Date.now */
  now?: () => number
}

export const DEFAULTS = {
  userIndexPrefix: 'sess-user:',
  /** For clients the store creates: an outage rejects within about two seconds, never hangs. */
  clientOptions: {
    /** ms to establish the TCP connection. */
    connectTimeout: 2_000,
    /** ms any command (queued while reconnecting included) may take before it rejects. */
    commandTimeout: 2_000,
    /** Reconnect attempts a queued command waits through before it rejects. */
    maxRetriesPerRequest: 1,
  },
} as const satisfies { userIndexPrefix: string; clientOptions: RedisOptions }

// Our scripts, registered with defineCommand so ioredis sends EVALSHA and falls back on NOSCRIPT.
interface ScriptCommands {
  sessStoreWrite(key: string, now: number, version: string, value: string, ttl: number): Promise<WriteResult>
  sessStoreTouch(key: string, now: number, expiresAt: string, ttl: number): Promise<0 | 1 | string>
  sessStoreIndex(indexKey: string, member: string, ttl: number): Promise<number>
}

const LIST_BATCH = 100
const configError = (message: string) => new SessionConfigError(`[sess] [redis] ${message}`)

/**
 * Sessions in Redis (standalone, Sentinel or Cluster) through ioredis. A read is one GET, a new
 * session one `SET ... PX NX`, an update one EVALSHA (compare version, then SET PX), a touch one
 * EVALSHA (SETRANGE + PEXPIRE). Redis expires keys itself, so `clearExpired()` resolves 0.
 *
 * @example
 * const store = new RedisStore({ client: new Redis(process.env.REDIS_URL, { commandTimeout: 2000 }) })
 */
export class RedisStore implements SessionStore {
  readonly name = 'redis'
  readonly #client: (Redis | Cluster) & ScriptCommands
  readonly #ownsClient: boolean
  readonly #userIndexPrefix: string
  readonly #now: () => number
  #closed = false

  constructor(options: RedisStoreOptions) {
    const { client, url, redisOptions, userIndexPrefix = DEFAULTS.userIndexPrefix, now = Date.now } = options ?? {}
    if (client && (url !== undefined || redisOptions)) throw configError('Pass either `client` (your ioredis client) or `url`/`redisOptions` (the store creates one), not both.')
    if (!client && url === undefined && !redisOptions) {
      throw configError('Pass `client` (an ioredis Redis or Cluster instance) or `url` (for example "redis://127.0.0.1:6379").')
    }
    if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) throw configError('`url` must start with redis:// or rediss://.')
    if (typeof userIndexPrefix !== 'string' || userIndexPrefix === '') throw configError('`userIndexPrefix` must be a non-empty string.')
    if (typeof now !== 'function') throw configError('`now` must be a function returning epoch milliseconds.')

    this.#ownsClient = !client
    const created = client ?? createClient(url, redisOptions)
    created.defineCommand('sessStoreWrite', { numberOfKeys: 1, lua: WRITE_SCRIPT })
    created.defineCommand('sessStoreTouch', { numberOfKeys: 1, lua: TOUCH_SCRIPT })
    created.defineCommand('sessStoreIndex', { numberOfKeys: 1, lua: INDEX_SCRIPT })
    this.#client = created as (Redis | Cluster) & ScriptCommands
    this.#userIndexPrefix = userIndexPrefix
    this.#now = now
  }

  /** The ioredis client in use (yours, or the one the store created). */
  get client(): Redis | Cluster {
    return this.#client
  }

  async get(key: string): Promise<StoreEntry | null> {
    try {
      return this.#live(await this.#client.getBuffer(key))
    } catch (error) {
      throw storeError(this.name, 'get', error)
    }
  }

  async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    try {
      const value = encodeEntry(entry)
      const ttl = this.#ttl(entry.expiresAt)
      // Index first: a session is never live without its index entry, so "log out everywhere"
      // finds it. A write that then fails leaves a stale member, which listByUser removes.
      if (entry.userId !== null) await this.#client.sessStoreIndex(this.#indexKey(entry.userId), key, ttl)
      if (condition.mode === 'update') return await this.#client.sessStoreWrite(key, this.#now(), String(condition.version), value, ttl)
      if ((await this.#client.set(key, value, 'PX', ttl, 'NX')) === 'OK') return 'ok'
      // Rare: the key holds an entry Redis has not expired yet. The script decides with our clock.
      return await this.#client.sessStoreWrite(key, this.#now(), '', value, ttl)
    } catch (error) {
      throw storeError(this.name, 'set', error)
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.del(key)
    } catch (error) {
      throw storeError(this.name, 'delete', error)
    }
  }

  async touch(key: string, expiresAt: number): Promise<void> {
    try {
      const ttl = this.#ttl(expiresAt)
      const userId = await this.#client.sessStoreTouch(key, this.#now(), encodeExpiry(expiresAt), ttl)
      if (typeof userId === 'string') await this.#client.sessStoreIndex(this.#indexKey(userId), key, ttl)
    } catch (error) {
      throw storeError(this.name, 'touch', error)
    }
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    try {
      const indexKey = this.#indexKey(userId)
      const keys = await this.#client.smembers(indexKey)
      const found: StoredSession[] = []
      const stale: string[] = []
      for (let i = 0; i < keys.length; i += LIST_BATCH) {
        const batch = keys.slice(i, i + LIST_BATCH)
        // Separate commands, not one pipeline: in Cluster the keys live on different nodes.
        const values = await Promise.all(batch.map((key) => this.#client.getBuffer(key)))
        values.forEach((value, j) => {
          const entry = this.#live(value)
          if (entry?.userId === userId) found.push({ key: batch[j]!, entry })
          else stale.push(batch[j]!)
        })
      }
      if (stale.length > 0) await this.#client.srem(indexKey, ...stale)
      return found
    } catch (error) {
      throw storeError(this.name, 'listByUser', error)
    }
  }

  /** Redis expires keys itself (each entry is written with PX), so there is nothing to remove: 0. */
  async clearExpired(): Promise<number> {
    return 0
  }

  async close(): Promise<void> {
    if (!this.#ownsClient || this.#closed) return
    this.#closed = true
    try {
      await this.#client.quit()
    } catch {
      this.#client.disconnect()
    }
  }

  #live(value: Buffer | null): StoreEntry | null {
    if (value === null) return null
    const entry = decodeEntry(value)
    return entry.expiresAt > this.#now() ? entry : null
  }

  // Redis's PX is whole milliseconds; round up and never send 0 or less (an error in Redis).
  #ttl(expiresAt: number): number {
    return Math.max(1, Math.ceil(expiresAt - this.#now()))
  }

  #indexKey(userId: string): string {
    return this.#userIndexPrefix + userId
  }
}

function createClient(url: string | undefined, redisOptions: RedisOptions = {}): Redis {
  const options = { ...DEFAULTS.clientOptions, ...redisOptions }
  const client = url === undefined ? new Redis(options) : new Redis(url, options)
  // Failures reach callers as rejected commands; without a listener ioredis also logs each one.
  client.on('error', () => {})
  return client
}
