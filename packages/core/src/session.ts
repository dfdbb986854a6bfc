import { expiryFrom, idleAge, isBrowserSession, secondsUntil } from './expiry.js'
import type { ResolvedOptions } from './options.js'
import { type SessionRecord, serializeRecord } from './record.js'

/**
 * The shape of session data. Augment it for typed sessions:
 * `declare module '@sess/core' { interface SessionData { user: string } }`.
 */
export interface SessionData {
  [key: string]: unknown
}

type Key<D> = keyof D & string

/** Options of `session.flashes()`. */
export interface FlashesOptions {
  /** Return `[category, message]` pairs instead of messages. @default false */
  withCategories?: boolean
  /** Return only messages of these categories (all are removed either way). @default all */
  categoryFilter?: readonly string[]
}

/** A session: a dict with lifecycle, expiry and flash messages. */
export interface Session<Data extends object = SessionData> {
  /** The session id (never put it in logs). */
  readonly id: string
  /** True when no valid session came with the request. */
  readonly isNew: boolean
  /** True when this request changed the session, nested changes included. */
  readonly isModified: boolean
  get<K extends Key<Data>>(key: K): Data[K] | undefined
  get<K extends Key<Data>, F>(key: K, fallback: F): Data[K] | F
  set<K extends Key<Data>>(key: K, value: Data[K]): this
  has(key: Key<Data>): boolean
  delete(key: Key<Data>): boolean
  pop<K extends Key<Data>>(key: K): Data[K] | undefined
  pop<K extends Key<Data>, F>(key: K, fallback: F): Data[K] | F
  setDefault<K extends Key<Data>>(key: K, value: Data[K]): Data[K]
  update(values: Partial<Data>): this
  clear(): void
  keys(): Key<Data>[]
  values(): Data[Key<Data>][]
  entries(): [Key<Data>, Data[Key<Data>]][]
  readonly size: number
  toJSON(): Partial<Data>
  /** Read/write: false makes this session's cookie a browser-session cookie. */
  permanent: boolean
  /** Seconds of inactivity (0: browser session), a Date, or null for the global policy (Django `set_expiry`). */
  setExpiry(value: number | Date | null): void
  /** When the session ends, or null for a browser-session cookie. */
  readonly expiresAt: Date | null
  /** Seconds until the session ends. */
  readonly expiryAge: number
  /** The user this session belongs to, for listing and revoking a user's sessions. */
  readonly userId: string | null
  /** Associates the session with a user (or none); call it at login, with `regenerate()`. */
  setUser(userId: string | null): void
  /** New id, data kept, old id dead in the store: call on login (session fixation defence). */
  regenerate(): Promise<void>
  /** Removes the session from the store and clears the cookie; later writes start a new session. */
  destroy(): Promise<void>
  /** Persists now (Server Actions, long handlers); the commit still sends the cookie. */
  save(): Promise<void>
  /** Re-reads the session from the store, dropping unsaved changes. */
  reload(): Promise<void>
  /** Extends the expiry on commit even when `rolling` is off. */
  touch(): void
  /** Queues a message for a later request (Flask `flash`). */
  flash(message: unknown, category?: string): void
  /** Pops every queued message (Flask `get_flashed_messages`). */
  flashes(options?: FlashesOptions & { withCategories?: false }): unknown[]
  flashes(options: FlashesOptions & { withCategories: true }): [string, unknown][]
}

/** What the manager keeps about where a session is stored. */
export interface StoredState {
  /** Store key of the session (server-side stores), null for the cookie store. */
  key: string | null
  version: number
  /** The serialized record as stored: the base for change detection and merges. */
  payload: string
  expiresAt: number
}

/** The lifecycle operations the manager provides to its sessions. */
export interface SessionRuntime {
  readonly options: ResolvedOptions
  newId(): string
  regenerate(session: SessionImpl): Promise<void>
  destroy(session: SessionImpl): Promise<void>
  save(session: SessionImpl): Promise<void>
  reload(session: SessionImpl): Promise<void>
}

/** @internal The one implementation of `Session`; a class so requests share its methods. */
export class SessionImpl implements Session<SessionData> {
  isNew: boolean
  /** @internal */ _id: string | undefined
  /** @internal */ _record: SessionRecord
  /** @internal */ _stored: StoredState | null
  /** @internal Changed through the API. */ _dirty = false
  /** @internal A mutable value was handed out: compare at commit. */ _exposed = false
  /** @internal A session cookie came with the request (so there is one to clear). */ _hadCookie = false
  /** @internal The verified cookie value as received, re-sent unchanged when still valid. */ _cookieValue: string | undefined
  /** @internal The cookie verified under a retired secret: re-issue it. */ _reissue = false
  /** @internal Destroyed: clear the cookie unless something new is written. */ _cleared = false
  /** @internal Written during this request (by save()): the commit must send the cookie. */ _written = false
  /** @internal */ _touch = false
  /** @internal */ readonly _runtime: SessionRuntime

  constructor(runtime: SessionRuntime, record: SessionRecord, stored: StoredState | null, id?: string) {
    this._runtime = runtime
    this._record = record
    this._stored = stored
    this._id = id
    this.isNew = stored === null
  }

  get id(): string {
    this._id ??= this._runtime.newId()
    return this._id
  }

  get isModified(): boolean {
    if (this._dirty) return true
    if (!this._exposed) return false
    return this._stored === null || serializeRecord(this._runtime.options.serializer, this._record) !== this._stored.payload
  }

  get(key: string, fallback?: unknown): unknown {
    const data = this._record.data
    if (!data.has(key)) return fallback
    return this.#expose(data.get(key))
  }

  set(key: string, value: unknown): this {
    this._record.data.set(key, value)
    this._dirty = true
    return this
  }

  has(key: string): boolean {
    return this._record.data.has(key)
  }

  delete(key: string): boolean {
    const deleted = this._record.data.delete(key)
    if (deleted) this._dirty = true
    return deleted
  }

  pop(key: string, fallback?: unknown): unknown {
    if (!this._record.data.has(key)) return fallback
    const value = this._record.data.get(key)
    this.delete(key)
    return value
  }

  setDefault(key: string, value: unknown): unknown {
    if (this._record.data.has(key)) return this.get(key)
    this.set(key, value)
    return this.#expose(value)
  }

  update(values: Partial<SessionData>): this {
    for (const [key, value] of Object.entries(values)) this.set(key, value)
    return this
  }

  clear(): void {
    if (this._record.data.size > 0) this._dirty = true
    this._record.data.clear()
  }

  keys(): string[] {
    return [...this._record.data.keys()]
  }

  values(): unknown[] {
    this._exposed = true
    return [...this._record.data.values()]
  }

  entries(): [string, unknown][] {
    this._exposed = true
    return [...this._record.data.entries()]
  }

  get size(): number {
    return this._record.data.size
  }

  toJSON(): Partial<SessionData> {
    this._exposed = true
    return Object.fromEntries(this._record.data)
  }

  get permanent(): boolean {
    return !isBrowserSession(this._record.meta, this._runtime.options)
  }

  set permanent(value: boolean) {
    const meta = this._record.meta
    meta.p = value
    delete meta.x
    delete meta.xa
    this._dirty = true
  }

  setExpiry(value: number | Date | null): void {
    const meta = this._record.meta
    delete meta.x
    delete meta.xa
    if (value instanceof Date) meta.xa = value.getTime()
    else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) meta.x = value
    else if (value !== null) throw new TypeError('[sess] setExpiry takes seconds (0 for a browser session), a Date, or null.')
    this._dirty = true
  }

  get expiresAt(): Date | null {
    if (isBrowserSession(this._record.meta, this._runtime.options)) return null
    return new Date(this._expiresAt(this._runtime.options.now()))
  }

  get expiryAge(): number {
    const now = this._runtime.options.now()
    return secondsUntil(this._expiresAt(now), now)
  }

  /** @internal When the session ends if committed at `now`. */
  _expiresAt(now: number): number {
    const stored = this._stored
    const options = this._runtime.options
    const slides = options.rolling || this._touch || this._dirty || stored === null
    return slides || !stored ? expiryFrom(this._record.meta, options, now) : stored.expiresAt
  }

  /** @internal */
  _idleAge(): number {
    return idleAge(this._record.meta, this._runtime.options)
  }

  get userId(): string | null {
    return this._record.meta.u ?? null
  }

  setUser(userId: string | null): void {
    if (userId === null) delete this._record.meta.u
    else this._record.meta.u = String(userId)
    delete this._record.meta.g // stamped afresh for the new user at commit
    this._dirty = true
  }

  regenerate(): Promise<void> {
    return this._runtime.regenerate(this)
  }

  destroy(): Promise<void> {
    return this._runtime.destroy(this)
  }

  save(): Promise<void> {
    return this._runtime.save(this)
  }

  reload(): Promise<void> {
    return this._runtime.reload(this)
  }

  touch(): void {
    this._touch = true
  }

  flash(message: unknown, category = 'message'): void {
    const meta = this._record.meta
    meta.f = [...(meta.f ?? []), [category, message]]
    this._dirty = true
  }

  flashes(options: FlashesOptions = {}): never {
    const queued = this._record.meta.f ?? []
    if (queued.length > 0) {
      delete this._record.meta.f
      this._dirty = true
    }
    const filter = options.categoryFilter
    const kept = filter ? queued.filter(([category]) => filter.includes(category)) : queued
    return (options.withCategories ? kept : kept.map(([, message]) => message)) as never
  }

  /** @internal Nothing worth keeping: no data, no flashes, no user. */
  _isEmpty(): boolean {
    const meta = this._record.meta
    return this._record.data.size === 0 && !meta.f?.length && meta.u === undefined
  }

  #expose(value: unknown): unknown {
    if (typeof value === 'object' && value !== null) this._exposed = true
    return value
  }
}
