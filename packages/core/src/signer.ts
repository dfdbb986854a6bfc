import { encodeBase64url } from './base64url.js'
import { deriveKeyBytes, hmacSha256, importHmacKey, timingSafeEqual } from './crypto.js'

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

/** `secrets[0]` signs; every secret verifies, in order. */
export function createSigner(secrets: readonly string[], purpose: string): Signer {
  let keys: Promise<CryptoKey[]> | undefined
  const getKeys = () => {
    keys ??= Promise.all(secrets.map(async (s) => importHmacKey(await deriveKeyBytes(s, `sign:${purpose}`))))
    return keys
  }
  const mac = async (key: CryptoKey, name: string, value: string) =>
    encodeBase64url(await hmacSha256(key, `${name}=${value}`))

  return {
    async sign(name, value) {
      const [current] = await getKeys()
      return `${value}.${await mac(current!, name, value)}`
    },
    async unsign(name, signed) {
      const dot = signed.length - MAC_LENGTH - 1
      if (dot < 0 || signed.charCodeAt(dot) !== 46 /* . */) return null
      const value = signed.slice(0, dot)
      const given = signed.slice(dot + 1)
      const all = await getKeys()
      for (let i = 0; i < all.length; i++) {
        // Compared as canonical base64url text: a MAC with a flipped unused bit is a different string.
        if (timingSafeEqual(await mac(all[i]!, name, value), given)) return { value, rotated: i > 0 }
      }
      return null
    },
  }
}
