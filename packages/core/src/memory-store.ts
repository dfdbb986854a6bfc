import { SessionConfigError, scoped } from './errors.js'
import { checkWrite, isExpired, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from './store.js'

export interface MemoryStoreOptions {
  /** Most sessions kept; the least recently used is evicted past it. @default 10000 */
  max?: number
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number
}

const SWEEP_PER_WRITE = 4

// One entry in the recency list. A Map alone (delete and re-insert to mark use, evict its first
// key) would do, but V8 leaves deleted Map slots in place until the table is rebuilt, so finding
// the first key past thousands of holes made every write at a full store cost O(max).
interface Slot {
  key: string
  entry: StoreEntry
  older: Slot | null
  newer: Slot | null
}

/**
 * Sessions in this process's memory: for development, tests and single-process apps. Bounded
 * (least recently used evicted past `max`), never returns an expired entry, and sweeps expired
 * entries a few at a time on writes, so no timer keeps the process alive.
 */
export class MemoryStore implements SessionStore {
  readonly name = 'memory'
  readonly #slots = new Map<string, Slot>()
  #oldest: Slot | null = null // least recently used
  #newest: Slot | null = null
  readonly #max: number
  readonly #now: () => number

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.max ?? 10_000
    if (!Number.isInteger(max) || max < 1) throw new SessionConfigError(scoped('memory', `\`max\` must be a whole number of sessions, 1 or more (got ${String(max)}).`))
    this.#max = max
    this.#now = options.now ?? Date.now
  }

  /** Number of entries held, expired ones not yet swept included. Never more than `max`. */
  get size(): number {
    return this.#slots.size
  }

  async get(key: string): Promise<StoreEntry | null> {
    const slot = this.#live(key)
    if (!slot) return null
    this.#unlink(slot)
    this.#append(slot)
    return { ...slot.entry }
  }

  async set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    const result = checkWrite(this.#live(key)?.entry ?? null, condition)
    if (result !== 'ok') return result
    this.#remove(key)
    const slot: Slot = { key, entry: { ...entry }, older: null, newer: null }
    this.#slots.set(key, slot)
    this.#append(slot)
    this.#sweep()
    return 'ok'
  }

  async delete(key: string): Promise<void> {
    this.#remove(key)
  }

  async touch(key: string, expiresAt: number): Promise<void> {
    const slot = this.#live(key)
    if (slot) slot.entry.expiresAt = expiresAt
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const now = this.#now()
    const found: StoredSession[] = []
    for (const { key, entry } of this.#slotsOldestFirst()) if (entry.userId === userId && !isExpired(entry, now)) found.push({ key, entry: { ...entry } })
    return found
  }

  async clearExpired(): Promise<number> {
    const now = this.#now()
    let removed = 0
    for (const { key, entry } of this.#slotsOldestFirst()) {
      if (isExpired(entry, now)) {
        this.#remove(key)
        removed++
      }
    }
    return removed
  }

  async close(): Promise<void> {
    this.#slots.clear()
    this.#oldest = this.#newest = null
  }

  #live(key: string): Slot | null {
    const slot = this.#slots.get(key)
    if (!slot) return null
    if (!isExpired(slot.entry, this.#now())) return slot
    this.#remove(key)
    return null
  }

  // Drops expired entries among the least recently used, then evicts past `max`.
  #sweep(): void {
    const now = this.#now()
    let slot = this.#oldest
    for (let checked = 0; slot && checked < SWEEP_PER_WRITE; checked++) {
      const next = slot.newer
      if (isExpired(slot.entry, now)) this.#remove(slot.key)
      slot = next
    }
    while (this.#slots.size > this.#max) this.#remove(this.#oldest!.key)
  }

  // Snapshot, so callers may remove slots while they walk it.
  #slotsOldestFirst(): Slot[] {
    const slots: Slot[] = []
    for (let slot = this.#oldest; slot; slot = slot.newer) slots.push(slot)
    return slots
  }

  #remove(key: string): void {
    const slot = this.#slots.get(key)
    if (!slot) return
    this.#slots.delete(key)
    this.#unlink(slot)
  }

  #append(slot: Slot): void {
    slot.older = this.#newest
    slot.newer = null
    if (this.#newest) this.#newest.newer = slot
    else this.#oldest = slot
    this.#newest = slot
  }

  #unlink(slot: Slot): void {
    if (slot.older) slot.older.newer = slot.newer
    else this.#oldest = slot.newer
    if (slot.newer) slot.newer.older = slot.older
    else this.#newest = slot.older
    slot.older = slot.newer = null
  }
}
