import { decodeBase64url, encodeBase64url } from './base64url.js'
import { aesGcmDecrypt, aesGcmEncrypt, deriveKeyBytes, importAesKey, randomBytes, utf8 } from './crypto.js'
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
  open(value: string): Promise<(SealedSession & { rotated: boolean }) | null>
}

const ENCRYPTED = 'e1.'
const SIGNED = 's1.'
const IV_BYTES = 12
const TAG_BYTES = 16
const decoder = new TextDecoder('utf-8', { fatal: true })

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
    return { seal: async (session) => fits(await sealer.seal(session)), open: sealer.open }
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

function encryptingSealer(secrets: readonly string[], cookieName: string): CookieSealer {
  let keys: Promise<CryptoKey[]> | undefined
  const getKeys = () => {
    keys ??= Promise.all(secrets.map(async (s) => importAesKey(await deriveKeyBytes(s, 'cookie-store:encrypt'))))
    return keys
  }
  const aad = utf8(`${ENCRYPTED}${cookieName}`) // binds the cookie name: a value moved to another cookie never opens
  return {
    async seal(session) {
      const [key] = await getKeys()
      const iv = randomBytes(IV_BYTES)
      const sealed = await aesGcmEncrypt(key!, iv, utf8(toPlaintext(session)), aad)
      const out = new Uint8Array(IV_BYTES + sealed.length)
      out.set(iv)
      out.set(sealed, IV_BYTES)
      return ENCRYPTED + encodeBase64url(out)
    },
    async open(value) {
      if (!value.startsWith(ENCRYPTED)) return null
      const bytes = decodeBase64url(value.slice(ENCRYPTED.length))
      if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) return null
      const iv = bytes.slice(0, IV_BYTES)
      const sealed = bytes.slice(IV_BYTES)
      const all = await getKeys()
      for (let i = 0; i < all.length; i++) {
        const plain = await aesGcmDecrypt(all[i]!, iv, sealed, aad)
        if (!plain) continue
        const session = fromPlaintext(decodeUtf8(plain) ?? '')
        return session && { ...session, rotated: i > 0 }
      }
      return null
    },
  }
}

function signingSealer(secrets: readonly string[], cookieName: string): CookieSealer {
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
