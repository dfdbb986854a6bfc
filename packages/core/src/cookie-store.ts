import { decodeBase64url, encodeBase64url } from './base64url.js'
import { boundedCache } from './bounded-cache.js'
import { type AesKey, backend, deriveKeyBytes, importAesKey, randomBytes, utf8 } from './crypto.js'
import { SessionConfigError, SessionTooLargeError, scoped } from './errors.js'
import { createSigner } from './signer.js'

export interface CookieStoreOptions {
  /** Encrypt with AES-256-GCM; false gives signed, readable cookies as Flask does. @default true */
  encrypt?: boolean
  /** Largest cookie (`name=value`) in bytes; browsers drop larger ones silently. @default 4096 */
  maxSize?: number
}

/** What a sealed cookie carries. The expiry is inside, so a kept cookie cannot outlive it. */
export interface SealedSession {
  id: string
  /** epoch ms */
  issuedAt: number
  /** epoch ms */
  expiresAt: number
  payload: string
}

export interface CookieSealer {
  /** The cookie value; throws `SessionTooLargeError` past `maxSize`. */
  seal(session: SealedSession): Promise<string>
  /** The sealed session, or null for anything this store did not seal. Never throws. */
  open(value: string): Promise<Opened | null>
}

type Opened = SealedSession & { rotated: boolean }
/** What the two formats implement: synchronous where the crypto backend is (node:crypto). */
interface SealingFormat {
  seal(session: SealedSession): string | Promise<string>
  open(value: string): Opened | null | Promise<Opened | null>
}

const ENCRYPTED = 'e1.'
const SIGNED = 's1.'
const IV_BYTES = 12
const TAG_BYTES = 16
const decoder = new TextDecoder('utf-8', { fatal: true })
/** Cookie values remembered as opened, per manager: a returning cookie costs no decryption. */
export const OPENED_CACHE_SIZE = 512

/**
 * The session lives in the cookie itself, sealed with AES-256-GCM under a key derived from the
 * secret (or, with `encrypt: false`, signed and readable). No server state, so it cannot be
 * revoked from the server before it expires: use a server-side store where that matters.
 */
export class CookieStore {
  readonly name = 'cookie'
  readonly encrypt: boolean
  readonly maxSize: number

  constructor(options: CookieStoreOptions = {}) {
    this.encrypt = options.encrypt ?? true
    this.maxSize = options.maxSize ?? 4096
    if (!Number.isInteger(this.maxSize) || this.maxSize < 256 || this.maxSize > 4096)
      throw new SessionConfigError(scoped('cookie', `\`maxSize\` must be a whole number of bytes from 256 to 4096 (got ${String(options.maxSize)}).`))
  }

  /** @internal Binds the store to the manager's secrets and cookie name. */
  createSealer(secrets: readonly string[], cookieName: string): CookieSealer {
    const fits = (value: string) => {
      const size = cookieName.length + 1 + value.length
      if (size > this.maxSize) throw new SessionTooLargeError(size, this.maxSize)
      return value
    }
    const sealer = this.encrypt ? encryptingSealer(secrets, cookieName) : signingSealer(secrets, cookieName)
    // Opening is a pure function of the value under fixed keys (expiry is judged later, by the
    // caller), so what opened is remembered by its exact value; what failed is not remembered.
    const opened = boundedCache<string, SealedSession & { rotated: boolean }>(OPENED_CACHE_SIZE)
    return {
      async seal(session) {
        const value = sealer.seal(session)
        return fits(typeof value === 'string' ? value : await value)
      },
      async open(value) {
        const known = opened.get(value)
        if (known) return { ...known }
        const pending = sealer.open(value)
        const result = pending instanceof Promise ? await pending : pending
        if (result) opened.set(value, { ...result })
        return result
      },
    }
  }
}

function toPlaintext(s: SealedSession): string {
  return JSON.stringify([s.id, s.issuedAt, s.expiresAt, s.payload])
}

function fromPlaintext(text: string): SealedSession | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null
  const [id, issuedAt, expiresAt, payload] = parsed as unknown[]
  if (typeof id !== 'string' || typeof issuedAt !== 'number' || typeof expiresAt !== 'number' || typeof payload !== 'string') return null
  return { id, issuedAt, expiresAt, payload }
}

function encryptingSealer(secrets: readonly string[], cookieName: string): SealingFormat {
  let keys: Promise<AesKey[]> | undefined
  let ready: AesKey[] | undefined // the same keys, once derived
  const getKeys = () => {
    keys ??= Promise.all(secrets.map(async (s) => importAesKey(await deriveKeyBytes(s, 'cookie-store:encrypt')))).then((k) => (ready = k))
    return keys
  }
  const aad = utf8(`${ENCRYPTED}${cookieName}`) // binds the cookie name: a value moved to another cookie never opens
  const sealWith = (key: AesKey, session: SealedSession) => {
    const iv = randomBytes(IV_BYTES)
    const sealed = backend.aesGcmEncrypt(key, iv, utf8(toPlaintext(session)), aad)
    return sealed instanceof Promise ? sealed.then((s) => assemble(iv, s)) : assemble(iv, sealed)
  }
  const openWith = (all: AesKey[], value: string) => {
    if (!value.startsWith(ENCRYPTED)) return null
    const bytes = decodeBase64url(value.slice(ENCRYPTED.length))
    if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) return null
    const iv = bytes.slice(0, IV_BYTES)
    const sealed = bytes.slice(IV_BYTES)
    const tryKey = (i: number): Opened | null | Promise<Opened | null> => {
      if (i >= all.length) return null
      const plain = backend.aesGcmDecrypt(all[i]!, iv, sealed, aad)
      const next = (p: Uint8Array | null) => {
        if (!p) return tryKey(i + 1)
        const session = fromPlaintext(decodeUtf8(p) ?? '')
        return session && { ...session, rotated: i > 0 }
      }
      return plain instanceof Promise ? plain.then(next) : next(plain)
    }
    return tryKey(0)
  }
  return {
    seal: (session) => (ready ? sealWith(ready[0]!, session) : getKeys().then((k) => sealWith(k[0]!, session))),
    open: (value) => (ready ? openWith(ready, value) : getKeys().then((k) => openWith(k, value))),
  }
}

function assemble(iv: Uint8Array, sealed: Uint8Array): string {
  const out = new Uint8Array(IV_BYTES + sealed.length)
  out.set(iv)
  out.set(sealed, IV_BYTES)
  return ENCRYPTED + encodeBase64url(out)
}

function signingSealer(secrets: readonly string[], cookieName: string): SealingFormat {
  const signer = createSigner(secrets, 'cookie-store')
  return {
    seal: (session) => signer.sign(cookieName, SIGNED + encodeBase64url(utf8(toPlaintext(session)))),
    async open(value) {
      if (!value.startsWith(SIGNED)) return null
      const verified = await signer.unsign(cookieName, value)
      if (!verified) return null
      const bytes = decodeBase64url(verified.value.slice(SIGNED.length))
      const session = bytes && fromPlaintext(decodeUtf8(bytes) ?? '')
      return session ? { ...session, rotated: verified.rotated } : null
    },
  }
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes)
  } catch {
    return null
  }
}
