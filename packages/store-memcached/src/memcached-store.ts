import { createHash } from 'node:crypto'
import { checkWrite, isExpired, SessionConfigError, type SessionStore, type StoredSession, type StoreEntry, storeError, type WriteCondition, type WriteResult } from '@sess/core'
import memjs from 'memjs'
import { type Cas, expiration, getWithCas, remove, store } from './protocol.js'

export interface MemcachedStoreOptions {
  /** A memjs client the app already has. The store never closes it. Give this or `servers`. */
  client?: memjs.Client
  /**
   * Servers for a client the store creates and closes in `close()`: `'host:port,host:port'`.
   * memjs spreads keys over them by hash.
   */
  servers?: string
  /** Seconds a request to a server the store creates a client for may take. @default 1 */
  timeout?: number
  /** Prefix of the per-user index keys (each holds the keys of one user's sessions). @default 'sess-user:' */
  userIndexPrefix?: string
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number
}

export const DEFAULTS = { timeout: 1, userIndexPrefix: 'sess-user:', casAttempts: 20 } as const

const SCOPE = 'memcached'

// What one item holds: the whole entry, so expiry is checked against the store's clock on every
// read (memcached's own expiry has one-second resolution and runs on the server's clock).
interface Item {
  d: string
  e: number
  v: number
  c: number
  u: string | null
}

type WriteMode = { add: true } | { cas: Cas }

// A user's index: the keys of the user's sessions and the latest expiry among them.
interface UserIndex {
  keys: string[]
  expiresAt: number
}

/**
 * Sessions in memcached through memjs, on one server or several. Writes are conditional with
 * memcached's own primitives: `add` for a new session and compare-and-set (CAS) for an update, so
 * concurrent requests never overwrite each other. Expiries over 30 days are sent as absolute Unix
 * times, as memcached requires.
 *
 * @example
 * const store = new MemcachedStore({ client: memjs.Client.create('cache1:11211,cache2:11211') })
 */
export class MemcachedStore implements SessionStore {
  readonly name = SCOPE
  readonly #client: memjs.Client
  readonly #ownsClient: boolean
  readonly #indexPrefix: string
  readonly #now: () => number

  constructor(options: MemcachedStoreOptions) {
    const { client, servers } = options ?? {}
    if (client && servers) throw config('Pass either `client` or `servers`, not both.')
    if (!client && !servers) throw config("Pass `client` (a memjs Client) or `servers` ('host:port,host:port').")
    const timeout = options.timeout ?? DEFAULTS.timeout
    if (!(timeout > 0)) throw config(`\`timeout\` must be a positive number of seconds (got ${String(options.timeout)}).`)
    // retries: 2 resends a failed read once; writes are sent once whatever this says (see protocol.ts).
    this.#client = client ?? memjs.Client.create(servers, { timeout, conntimeout: 2 * timeout, retries: 2, logger: { log: () => {} } })
    this.#ownsClient = !client
    this.#indexPrefix = options.userIndexPrefix ?? DEFAULTS.userIndexPrefix
    this.#now = options.now ?? Date.now
  }

  async get(key: string): Promise<StoreEntry | null> {
    try {
      return (await this.#read(key))?.entry ?? null
    } catch (error) {
      throw storeError(SCOPE, 'get', error)
    }
  }

  async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    try {
      return await this.#casLoop(key, async (live, mode) => {
        const result = checkWrite(live, condition)
        if (result !== 'ok') return result
        if (entry.userId !== null && entry.userId !== live?.userId) await this.#index(entry.userId, key, entry.expiresAt)
        return this.#write(key, entry, mode)
      })
    } catch (error) {
      throw storeError(SCOPE, 'set', error)
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await remove(this.#client, key)
    } catch (error) {
      throw storeError(SCOPE, 'delete', error)
    }
  }

  /**
   * A CAS re-write rather than memcached's `touch` command: the expiry lives inside the item too
   * (reads check it against the store's clock), so the item itself has to change.
   */
  async touch(key: string, expiresAt: number): Promise<void> {
    try {
      await this.#casLoop(key, async (live, mode) => {
        if (!live) return 'missing'
        const entry = { ...live, expiresAt }
        if (entry.userId !== null) await this.#index(entry.userId, key, expiresAt)
        return this.#write(key, entry, mode)
      })
    } catch (error) {
      throw storeError(SCOPE, 'touch', error)
    }
  }

  /** Reads the user's index, returns the live sessions and drops keys that are gone from the index. */
  async listByUser(userId: string): Promise<StoredSession[]> {
    try {
      const indexKey = this.#indexKey(userId)
      const found = await getWithCas(this.#client, indexKey)
      if (!found) return []
      const index = JSON.parse(found.value.toString()) as UserIndex
      const read = await Promise.all(index.keys.map(async (key) => ({ key, live: await this.#read(key) })))
      const sessions = read.flatMap(({ key, live }) => (live?.entry && live.entry.userId === userId ? [{ key, entry: live.entry }] : []))
      if (sessions.length < index.keys.length) {
        // Best effort: if the index changed meanwhile, the next read prunes it.
        const pruned: UserIndex = { keys: sessions.map((s) => s.key), expiresAt: index.expiresAt }
        await store(this.#client, indexKey, Buffer.from(JSON.stringify(pruned)), expiration(index.expiresAt, this.#now()), { cas: found.cas })
      }
      return sessions
    } catch (error) {
      throw storeError(SCOPE, 'listByUser', error)
    }
  }

  /** memcached expires items by itself: nothing to clear. */
  async clearExpired(): Promise<number> {
    return 0
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#client.close()
  }

  // The live entry at `key`, and the CAS token of whatever item the key holds: an item past its
  // expiry is not a live entry, but a create may overwrite it before memcached drops it.
  async #read(key: string): Promise<{ entry: StoreEntry | null; cas: Cas } | null> {
    const found = await getWithCas(this.#client, key)
    if (!found) return null
    const item = JSON.parse(found.value.toString()) as Item
    const entry: StoreEntry = { data: item.d, expiresAt: item.e, version: item.v, createdAt: item.c, userId: item.u }
    return { entry: isExpired(entry, this.#now()) ? null : entry, cas: found.cas }
  }

  // Read, decide, write with CAS (or `add` where the key holds nothing); on a lost race read again.
  // Bounded: under endless contention the write reports a conflict (the manager merges and
  // retries) rather than spinning.
  async #casLoop(key: string, attempt: (live: StoreEntry | null, write: WriteMode) => Promise<WriteResult | 'retry'>): Promise<WriteResult> {
    for (let i = 0; i < DEFAULTS.casAttempts; i++) {
      const current = await this.#read(key)
      const result = await attempt(current?.entry ?? null, current ? { cas: current.cas } : { add: true })
      if (result !== 'retry') return result
    }
    return 'conflict'
  }

  // 'retry' when the item changed (CAS mismatch) or appeared or vanished since it was read.
  async #write(key: string, entry: StoreEntry, mode: WriteMode): Promise<WriteResult | 'retry'> {
    const item: Item = { d: entry.data, e: entry.expiresAt, v: entry.version, c: entry.createdAt, u: entry.userId }
    const outcome = await store(this.#client, key, Buffer.from(JSON.stringify(item)), expiration(entry.expiresAt, this.#now()), mode)
    return outcome === 'stored' ? 'ok' : 'retry'
  }

  // Adds `key` to the user's index, keeping the index alive as long as its longest session.
  async #index(userId: string, key: string, expiresAt: number): Promise<void> {
    const indexKey = this.#indexKey(userId)
    for (let i = 0; i < DEFAULTS.casAttempts; i++) {
      const found = await getWithCas(this.#client, indexKey)
      const index: UserIndex = found ? (JSON.parse(found.value.toString()) as UserIndex) : { keys: [], expiresAt: 0 }
      if (index.keys.includes(key) && index.expiresAt >= expiresAt) return
      const next: UserIndex = { keys: index.keys.includes(key) ? index.keys : [...index.keys, key], expiresAt: Math.max(index.expiresAt, expiresAt) }
      const value = Buffer.from(JSON.stringify(next))
      const outcome = await store(this.#client, indexKey, value, expiration(next.expiresAt, this.#now()), found ? { cas: found.cas } : { add: true })
      if (outcome === 'stored') return
    }
    throw new Error('the user index stayed contended; try again')
  }

  // Hashed so that any user id (spaces, any length) makes a valid memcached key.
  #indexKey(userId: string): string {
    return this.#indexPrefix + createHash('sha256').update(userId).digest('base64url')
  }
}

function config(message: string): SessionConfigError {
  return new SessionConfigError(`[sess] [${SCOPE}] ${message}`)
}
