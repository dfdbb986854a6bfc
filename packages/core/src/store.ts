/**
 * The store contract. A store keeps opaque serialized payloads under keys the manager chooses
 * (`keyPrefix` + SHA-256 of the session id), each with an absolute expiry. It must never return an
 * entry whose expiry has passed, whether or not its backend expires keys natively.
 *
 * Writes are conditional so that concurrent requests of one session never lose each other's
 * changes and a destroyed session is never brought back:
 * - `{ mode: 'create' }` writes only where no live entry exists (a new session id);
 * - `{ mode: 'update', version }` writes only where the live entry's version equals `version`
 *   (compare-and-set); the manager merges and retries on `'conflict'` and stops on `'missing'`.
 */
export interface StoreEntry {
  /** The serialized session, opaque to the store. Any string, up to at least 100 KB. */
  data: string
  /** Absolute expiry in epoch milliseconds. The entry is dead at and after this instant. */
  expiresAt: number
  /** Write counter: 1 for a new session, +1 on every write. Stores compare it for `update`. */
  version: number
  /** When the session was created, epoch milliseconds. */
  createdAt: number
  /** The user the session belongs to, for listing and revoking a user's sessions; null if none. */
  userId: string | null
}

/** How a `set` may write. */
export type WriteCondition = { mode: 'create' } | { mode: 'update'; version: number }

/**
 * What a conditional `set` did:
 * - `'ok'`: written;
 * - `'exists'`: `create`, but a live entry already holds the key;
 * - `'conflict'`: `update`, but the live entry has another version;
 * - `'missing'`: `update`, but there is no live entry (destroyed, regenerated or expired).
 */
export type WriteResult = 'ok' | 'exists' | 'conflict' | 'missing'

/** One stored session as listed for a user. `key` is the full store key (prefix + hashed id). */
export interface StoredSession {
  key: string
  entry: StoreEntry
}

/**
 * A server-side session store. Every method returns a promise the manager awaits; a backend
 * failure rejects (the manager wraps it in `SessionStoreError`), it never resolves as "not found".
 */
export interface SessionStore {
  /** Short name used in error messages: `[sess] [redis] ...`. */
  readonly name: string
  /** The live entry at `key`, or null if there is none or it has expired. */
  get(key: string): Promise<StoreEntry | null>
  /** Writes `entry` at `key` if `condition` holds; never writes otherwise. */
  set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult>
  /** Removes the entry at `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>
  /** Moves a live entry's expiry to `expiresAt`; does nothing for a missing or expired key. */
  touch?(key: string, expiresAt: number): Promise<void>
  /** The live sessions of `userId`. Stores that keep a user index implement it. */
  listByUser?(userId: string): Promise<StoredSession[]>
  /** Deletes expired entries the backend does not expire by itself; resolves to how many. */
  clearExpired?(): Promise<number>
  /** Releases connections the store opened itself; never closes a client it was given. */
  close?(): Promise<void>
}

/** True when `entry` is dead at `now` (epoch ms). */
export function isExpired(entry: Pick<StoreEntry, 'expiresAt'>, now: number): boolean {
  return entry.expiresAt <= now
}

/** A version check every store shares, so `set` semantics cannot drift between stores. */
export function checkWrite(current: StoreEntry | null, condition: WriteCondition): WriteResult {
  if (condition.mode === 'create') return current ? 'exists' : 'ok'
  if (!current) return 'missing'
  return current.version === condition.version ? 'ok' : 'conflict'
}
