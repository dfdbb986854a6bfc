import { encodeBase64url, isBase64url } from './base64url.js'
import { boundedCache } from './bounded-cache.js'
import { randomBytes, sha256 } from './crypto.js'

/** A new session id: `bytes` random bytes in base64url (32 bytes give 43 characters). */
export function generateSessionId(bytes: number): string {
  return encodeBase64url(randomBytes(bytes))
}

/** Length in characters of an id of `bytes` random bytes. */
export function sessionIdLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3)
}

/** True for a string of our id format; anything else never reaches a store. */
export function isSessionId(id: string, bytes: number): boolean {
  return id.length === sessionIdLength(bytes) && isBase64url(id)
}

// id -> base64url SHA-256 of it: a pure function, remembered for the ids seen most recently.
const hashedIds = boundedCache<string, string>(4096)

/** The store key: the prefix and the SHA-256 of the id, so a store dump yields no usable id. */
export async function storeKey(prefix: string, id: string, hashIds: boolean): Promise<string> {
  if (!hashIds) return prefix + id
  let hashed = hashedIds.get(id)
  if (hashed === undefined) {
    hashed = encodeBase64url(await sha256(id))
    hashedIds.set(id, hashed)
  }
  return prefix + hashed
}
