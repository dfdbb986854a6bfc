/**
 * The Web Crypto primitives @sess needs, and nothing from `node:`: this runs unchanged on Node,
 * Bun, Deno, Cloudflare Workers and the Next.js edge runtime.
 */
const encoder = new TextEncoder()
const subtle = globalThis.crypto.subtle

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text)
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length))
}

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', utf8(text)))
}

/**
 * Derives 32 bytes for one purpose from a secret with HKDF-SHA-256, so the key that signs session
 * ids never equals the key that encrypts cookies, whatever secret the app supplies.
 */
export async function deriveKeyBytes(secret: string, purpose: string): Promise<Uint8Array<ArrayBuffer>> {
  const base = await subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveBits'])
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8('@sess/v1'), info: utf8(purpose) },
    base,
    256,
  )
  return new Uint8Array(bits)
}

export function importHmacKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

export async function hmacSha256(key: CryptoKey, data: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle.sign('HMAC', key, utf8(data)))
}

export function importAesKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

export async function aesGcmEncrypt(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext))
}

/** Null when the tag does not verify (wrong key, tampered data): a bad cookie is a value. */
export async function aesGcmDecrypt(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  sealed: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, sealed))
  } catch {
    return null
  }
}

/** Compares two strings in time that depends only on their length, which is public. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
