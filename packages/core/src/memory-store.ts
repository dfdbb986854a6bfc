import { SessionConfigError, scoped } from './errors.js'
import { checkWrite, isExpired, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from './store.js'

export interface MemoryStoreOptions {
  /** Most sessions kept; the least recently used is evicted past it. @default 10000 */
  max?: number
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number
}

const SWEEP_PER_WRITE = 4

/**
 * Sessions in this process's memory: for development, tests and single-process apps. Bounded
 * (least recently used evicted past `max`), never returns an expired entry, and sweeps expired
 * entries a few at a time on writes, so no timer keeps the process alive.
 */
export class MemoryStore implements SessionStore {
  readonly name = 'memory'
  readonly #entries = new Map<string, StoreEntry>() // iteration order = least recently used first
  readonly #max: number
  readonly #now: () => number

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.max ?? 10_000
    if (!Number.isInteger(max) || max < 1) throw new SessionConfigError(scoped('memory', `\`max\` must be a whole number of sessions, 1 or more (got ${String(max)}).`))
    this.#max = max
    this.#now = options.now ?? Date.now
  }

  /** Number of entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size
  }

  async get(key: string): Promise<StoreEntry | null> {
    const entry = this.#live(key)
    if (!entry) return null
    this.#entries.delete(key) // re-insert: most recently used
    this.#entries.set(key, entry)
    return { ...entry }
  }

  async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    const result = checkWrite(this.#live(key), condition)
    if (result !== 'ok') return result
    this.#entries.delete(key)
    this.#entries.set(key, { ...entry })
    this.#sweep()
    return 'ok'
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key)
  }

  async touch(key: string, expiresAt: number): Promise<void> {
    const entry = this.#live(key)
    if (entry) entry.expiresAt = expiresAt
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const now = this.#now()
    const found: StoredSession[] = []
    for (const [key, entry] of this.#entries) if (entry.userId === userId && !isExpired(entry, now)) found.push({ key, entry: { ...entry } })
    return found
  }

  async clearExpired(): Promise<number> {
    const now = this.#now()
    let removed = 0
    for (const [key, entry] of this.#entries) {
      if (isExpired(entry, now)) {
        this.#entries.delete(key)
        removed++
      }
    }
    return removed
  }

  async close(): Promise<void> {
    this.#entries.clear()
  }

  #live(key: string): StoreEntry | null {
    const entry = this.#entries.get(key)
    if (!entry) return null
    if (!isExpired(entry, this.#now())) return entry
    this.#entries.delete(key)
    return null
  }

  // Drops expired entries among the least recently used, then evicts past `max`.
  #sweep(): void {
    const now = this.#now()
    let checked = 0
    for (const [key, entry] of this.#entries) {
      if (checked++ >= SWEEP_PER_WRITE) break
      if (isExpired(entry, now)) this.#entries.delete(key)
    }
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!)
  }
}
