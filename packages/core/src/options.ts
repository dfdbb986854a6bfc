import { SessionConfigError, scoped } from './errors.js'
import type { Serializer } from './serializer.js'
import { taggedJson } from './serializer.js'
import type { SessionStore } from './store.js'
import { CookieStore } from './cookie-store.js'
import { type CookieAttributes, resolveCookie, type CookieOptions } from './cookie-options.js'

export type { CookieOptions } from './cookie-options.js'

/** Options of `createSessionManager`. Every duration is in seconds. */
export interface SessionManagerOptions {
  /**
   * Secret, or secrets for rotation: the first signs, all verify. Each at least 32 characters.
   * Generate one with `node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`.
   */
  secret: string | readonly string[]
  /** Where session data lives. @default new CookieStore() (sealed in the cookie itself) */
  store?: SessionStore | CookieStore
  /** The session cookie's name and attributes. */
  cookie?: CookieOptions
  /** False gives a browser-session cookie (no Max-Age). Flask `SESSION_PERMANENT`. @default true */
  permanent?: boolean
  /** Seconds a session lives after its last write (or touch, when rolling). @default 1209600 (14 days) */
  lifetime?: number
  /** Each request extends the expiry and re-sends the cookie. @default true */
  rolling?: boolean
  /** Seconds between two store expiry refreshes of an unchanged session. @default 60 */
  touchAfter?: number
  /** Seconds from creation after which a session ends whatever its activity; null disables. @default 2592000 (30 days) */
  absoluteTimeout?: number | null
  /** Write the session on every request, changed or not (Django). @default false */
  saveEveryRequest?: boolean
  /** Store and send a session that was never written (express-session). @default false */
  saveUninitialized?: boolean
  /** Prefix of every store key. Flask `SESSION_KEY_PREFIX`. @default 'session:' */
  keyPrefix?: string
  /** Random bytes in a session id, at least 16. @default 32 */
  idBytes?: number
  /** Sign the session id in the cookie (Flask-Session `SESSION_USE_SIGNER`). @default true */
  signId?: boolean
  /** Store keys hold a SHA-256 of the id instead of the id. @default true */
  hashIds?: boolean
  /** Turns session data into a string and back. @default taggedJson */
  serializer?: Serializer
  /**
   * A server-side store that keeps a revocation counter per user, so that `revokeUserSessions`
   * can end a user's sessions with the cookie store (each request of a signed-in user then reads
   * it once). Without it, a cookie-store session cannot be revoked before it expires.
   * @default undefined
   */
  revocationStore?: SessionStore
  /** The clock, epoch milliseconds; inject one in tests. @default Date.now */
  now?: () => number
}

/** Every option filled in and checked; what the manager runs on. */
export interface ResolvedOptions {
  secrets: readonly string[]
  store: SessionStore | CookieStore
  cookie: CookieAttributes
  permanent: boolean
  lifetime: number
  rolling: boolean
  touchAfter: number
  absoluteTimeout: number | null
  saveEveryRequest: boolean
  saveUninitialized: boolean
  keyPrefix: string
  idBytes: number
  signId: boolean
  hashIds: boolean
  serializer: Serializer
  revocationStore: SessionStore | undefined
  now: () => number
}

export const DEFAULTS = {
  permanent: true,
  lifetime: 14 * 24 * 3600,
  rolling: true,
  touchAfter: 60,
  absoluteTimeout: 30 * 24 * 3600,
  saveEveryRequest: false,
  saveUninitialized: false,
  keyPrefix: 'session:',
  idBytes: 32,
  signId: true,
  hashIds: true,
} as const

export const MIN_SECRET_LENGTH = 32
const GENERATE_HINT =
  "Generate one with: node -e \"console.log(crypto.randomBytes(32).toString('base64url'))\" and pass it from an environment variable."

function fail(message: string): never {
  throw new SessionConfigError(scoped(undefined, message))
}

function checkSecrets(secret: unknown): string[] {
  if (secret === undefined || secret === null || secret === '')
    fail(`\`secret\` is required: it signs and encrypts sessions. ${GENERATE_HINT}`)
  const list = typeof secret === 'string' ? [secret] : secret
  if (!Array.isArray(list) || list.length === 0) fail(`\`secret\` must be a string or a non-empty array of strings. ${GENERATE_HINT}`)
  list.forEach((s: unknown, i: number) => {
    const which = list.length > 1 ? `secret[${i}]` : 'secret'
    if (typeof s !== 'string') fail(`\`${which}\` must be a string.`)
    if (s.length < MIN_SECRET_LENGTH)
      fail(`\`${which}\` is ${s.length} characters; at least ${MIN_SECRET_LENGTH} are required (retired secrets too). ${GENERATE_HINT}`)
  })
  return [...list]
}

function checkSeconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(`\`${name}\` must be a number of seconds, 0 or more (got ${String(value)}).`)
  return value
}

function checkBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') fail(`\`${name}\` must be true or false (got ${String(value)}).`)
  return value
}

function checkStore(store: unknown): SessionStore | CookieStore {
  if (store === undefined) return new CookieStore()
  if (store instanceof CookieStore) return store
  return checkServerStore('store', store)
}

function checkServerStore(name: string, store: unknown): SessionStore {
  const s = store as Partial<SessionStore>
  if (!s || typeof s.get !== 'function' || typeof s.set !== 'function' || typeof s.delete !== 'function')
    fail(`\`${name}\` must be a server-side session store (an object with get, set and delete), for example \`new MemoryStore()\`.`)
  return store as SessionStore
}

function checkSerializer(serializer: unknown): Serializer {
  if (serializer === undefined) return taggedJson
  const s = serializer as Partial<Serializer>
  if (!s || typeof s.stringify !== 'function' || typeof s.parse !== 'function')
    fail('`serializer` must be an object with `stringify(value)` and `parse(text)` functions.')
  return serializer as Serializer
}

function checkIdBytes(value: unknown): number {
  if (value === undefined) return DEFAULTS.idBytes
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 16 || value > 128)
    fail(`\`idBytes\` must be a whole number from 16 to 128 (got ${String(value)}); 16 bytes is the least that resists guessing.`)
  return value
}

function checkAbsoluteTimeout(value: unknown): number | null {
  if (value === null) return null
  const seconds = checkSeconds('absoluteTimeout', value, DEFAULTS.absoluteTimeout)
  if (seconds === 0) fail('`absoluteTimeout` of 0 would end every session at once; use null to disable it.')
  return seconds
}

/** Checks every option once, at construction, and fills in the defaults. */
export function resolveOptions(options: SessionManagerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('createSessionManager needs an options object with at least `secret`.')
  const lifetime = checkSeconds('lifetime', options.lifetime, DEFAULTS.lifetime)
  if (lifetime === 0) fail('`lifetime` must be more than 0 seconds; use `permanent: false` for browser-session cookies.')
  if (options.keyPrefix !== undefined && typeof options.keyPrefix !== 'string') fail('`keyPrefix` must be a string.')
  if (options.now !== undefined && typeof options.now !== 'function') fail('`now` must be a function returning epoch milliseconds.')
  return {
    secrets: checkSecrets(options.secret),
    store: checkStore(options.store),
    cookie: resolveCookie(options.cookie),
    permanent: checkBoolean('permanent', options.permanent, DEFAULTS.permanent),
    lifetime,
    rolling: checkBoolean('rolling', options.rolling, DEFAULTS.rolling),
    touchAfter: checkSeconds('touchAfter', options.touchAfter, DEFAULTS.touchAfter),
    absoluteTimeout: checkAbsoluteTimeout(options.absoluteTimeout),
    saveEveryRequest: checkBoolean('saveEveryRequest', options.saveEveryRequest, DEFAULTS.saveEveryRequest),
    saveUninitialized: checkBoolean('saveUninitialized', options.saveUninitialized, DEFAULTS.saveUninitialized),
    keyPrefix: options.keyPrefix ?? DEFAULTS.keyPrefix,
    idBytes: checkIdBytes(options.idBytes),
    signId: checkBoolean('signId', options.signId, DEFAULTS.signId),
    hashIds: checkBoolean('hashIds', options.hashIds, DEFAULTS.hashIds),
    serializer: checkSerializer(options.serializer),
    revocationStore: options.revocationStore === undefined ? undefined : checkServerStore('revocationStore', options.revocationStore),
    now: options.now ?? Date.now,
  }
}
