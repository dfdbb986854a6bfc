import { boundedCache } from './bounded-cache.js'
import { backend, deriveKeyBytes, type HmacKey, importHmacKey, timingSafeEqual } from './crypto.js'

/** What `unsign` found: the value, and whether a retired secret signed it (re-issue it). */
export interface Unsigned {
  value: string
  rotated: boolean
}

/**
 * HMAC-SHA-256 signatures, `value.mac` in base64url. The key is derived per purpose from each
 * secret; the cookie name is part of what is signed, so a value signed for another cookie or
 * another purpose never verifies.
 */
export interface Signer {
  sign(name: string, value: string): Promise<string>
  /** The signed value, or null when no secret of the rotation list verifies it. Never throws. */
  unsign(name: string, signed: string): Promise<Unsigned | null>
}

const MAC_LENGTH = 43 // 32 bytes in base64url without padding
/** Signed values remembered as verified, per signer: a returning cookie costs no HMAC. */
export const VERIFIED_CACHE_SIZE = 1024

/**
 * `secrets[0]` signs; every secret verifies, in order. Values that verified, and values this
 * signer signed, are remembered (bounded, least recently used forgotten first), keyed by the exact
 * cookie name and signed text; a value that failed is never remembered, so the cache can only
 * repeat a verdict the full check gives.
 */
export function createSigner(secrets: readonly string[], purpose: string): Signer {
  let keys: Promise<HmacKey[]> | undefined
  let ready: HmacKey[] | undefined // the same keys, once derived: no await per request
  const getKeys = () => {
    keys ??= Promise.all(secrets.map(async (s) => importHmacKey(await deriveKeyBytes(s, `sign:${purpose}`)))).then((k) => (ready = k))
    return keys
  }
  // Synchronous where the backend is (node:crypto), a promise with Web Crypto.
  const mac = (key: HmacKey, name: string, value: string) => backend.hmacSha256Base64url(key, `${name}=${value}`)
  // The cookie name cannot hold '=', so `name=signed` names one (name, signed) pair.
  const verified = boundedCache<string, Unsigned>(VERIFIED_CACHE_SIZE)

  return {
    async sign(name, value) {
      const [current] = ready ?? (await getKeys())
      const m = mac(current!, name, value)
      const signed = `${value}.${typeof m === 'string' ? m : await m}`
      // What the first secret just signed verifies under it, unrotated (unsign would compute this
      // very MAC first): remembering it means the cookie's first return costs no HMAC either.
      verified.set(`${name}=${signed}`, { value, rotated: false })
      return signed
    },
    async unsign(name, signed) {
      const cacheKey = `${name}=${signed}`
      const known = verified.get(cacheKey)
      if (known) return { value: known.value, rotated: known.rotated }
      const dot = signed.length - MAC_LENGTH - 1
      if (dot < 0 || signed.charCodeAt(dot) !== 46 /* . */) return null
      const value = signed.slice(0, dot)
      const given = signed.slice(dot + 1)
      const all = ready ?? (await getKeys())
      for (let i = 0; i < all.length; i++) {
        const m = mac(all[i]!, name, value)
        // Compared as canonical base64url text: a MAC with a flipped unused bit is a different string.
        if (timingSafeEqual(typeof m === 'string' ? m : await m, given)) {
          verified.set(cacheKey, { value, rotated: i > 0 })
          return { value, rotated: i > 0 }
        }
      }
      return null
    },
  }
}
