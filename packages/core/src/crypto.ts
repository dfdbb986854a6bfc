/**
 * The crypto @sess needs. Web Crypto everywhere; where the runtime also has `node:crypto` (Node,
 * Bun, Deno) the per-request primitives (HMAC, SHA-256, AES-GCM) run synchronously through it
 * instead, which avoids Web Crypto's thread-pool round trip on every call. Both give the same
 * bytes (test/crypto-backends.test.ts). `node:crypto` is found at run time with
 * `process.getBuiltinModule`, never imported, so bundles for Workers and the edge runtime contain
 * no `node:` import and use Web Crypto.
 */
import { encodeBase64url } from './base64url.js'

const encoder = new TextEncoder()
const subtle = globalThis.crypto.subtle

/** An HMAC-SHA-256 key of whichever backend made it. */
export type HmacKey = { readonly __hmacKey: true }
/** An AES-256-GCM key of whichever backend made it. */
export type AesKey = { readonly __aesKey: true }

/** The per-request primitives; results may come back synchronously. */
export interface CryptoBackend {
  readonly name: 'web' | 'node'
  sha256(text: string): Uint8Array | Promise<Uint8Array>
  hmacKey(bytes: Uint8Array<ArrayBuffer>): Promise<HmacKey>
  hmacSha256(key: HmacKey, data: string): Uint8Array | Promise<Uint8Array>
  /** The HMAC in base64url without padding. */
  hmacSha256Base64url(key: HmacKey, data: string): string | Promise<string>
  aesKey(bytes: Uint8Array<ArrayBuffer>): Promise<AesKey>
  /** Ciphertext followed by the 16-byte tag, as Web Crypto returns it. */
  aesGcmEncrypt(key: AesKey, iv: Uint8Array<ArrayBuffer>, plaintext: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>
  /** Null when the tag does not verify (wrong key, tampered data): a bad cookie is a value. */
  aesGcmDecrypt(key: AesKey, iv: Uint8Array<ArrayBuffer>, sealed: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Uint8Array | null | Promise<Uint8Array | null>
}

export const webCrypto: CryptoBackend = {
  name: 'web',
  sha256: async (text) => new Uint8Array(await subtle.digest('SHA-256', utf8(text))),
  hmacKey: async (bytes) => (await subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])) as unknown as HmacKey,
  hmacSha256: async (key, data) => new Uint8Array(await subtle.sign('HMAC', key as unknown as CryptoKey, utf8(data))),
  hmacSha256Base64url: async (key, data) => encodeBase64url(new Uint8Array(await subtle.sign('HMAC', key as unknown as CryptoKey, utf8(data)))),
  aesKey: async (bytes) => (await subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])) as unknown as AesKey,
  aesGcmEncrypt: async (key, iv, plaintext, additionalData) =>
    new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key as unknown as CryptoKey, plaintext)),
  async aesGcmDecrypt(key, iv, sealed, additionalData) {
    try {
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key as unknown as CryptoKey, sealed))
    } catch {
      return null
    }
  },
}

/** The part of `node:crypto` used here (typed locally: core has no Node types in its API). */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(data: string, encoding: 'utf8'): { digest(): Uint8Array } }
  createHmac(algorithm: 'sha256', key: unknown): { update(data: string, encoding: 'utf8'): { digest(): Uint8Array; digest(encoding: 'base64url'): string } }
  createCipheriv(algorithm: 'aes-256-gcm', key: unknown, iv: Uint8Array): NodeCipher & { getAuthTag(): Uint8Array }
  createDecipheriv(algorithm: 'aes-256-gcm', key: unknown, iv: Uint8Array): NodeCipher & { setAuthTag(tag: Uint8Array): void }
}
interface NodeCipher {
  setAAD(aad: Uint8Array): void
  update(data: Uint8Array): Uint8Array
  final(): Uint8Array
}

const TAG_BYTES = 16

/** The `node:crypto` backend, or null where the runtime has none. */
export function nodeCryptoBackend(): CryptoBackend | null {
  const nodeCrypto = loadNodeCrypto()
  if (!nodeCrypto) return null
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let offset = 0
    for (const part of parts) {
      out.set(part, offset)
      offset += part.length
    }
    return out
  }
  return {
    name: 'node',
    sha256: (text) => new Uint8Array(nodeCrypto.createHash('sha256').update(text, 'utf8').digest()),
    // Raw key bytes: node:crypto is faster with them than with a KeyObject.
    hmacKey: async (bytes) => bytes.slice() as unknown as HmacKey,
    hmacSha256: (key, data) => new Uint8Array(nodeCrypto.createHmac('sha256', key).update(data, 'utf8').digest()),
    hmacSha256Base64url: (key, data) => nodeCrypto.createHmac('sha256', key).update(data, 'utf8').digest('base64url'),
    aesKey: async (bytes) => bytes.slice() as unknown as AesKey,
    aesGcmEncrypt(key, iv, plaintext, aad) {
      const cipher = nodeCrypto.createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(aad)
      return concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
    },
    aesGcmDecrypt(key, iv, sealed, aad) {
      if (sealed.length < TAG_BYTES) return null
      try {
        const decipher = nodeCrypto.createDecipheriv('aes-256-gcm', key, iv)
        decipher.setAAD(aad)
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
        return concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()])
      } catch {
        return null
      }
    },
  }
}

function loadNodeCrypto(): NodeCrypto | null {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return (runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null
  } catch {
    return null
  }
}

/** What this runtime uses. */
export const backend: CryptoBackend = nodeCryptoBackend() ?? webCrypto

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text)
}

// Random bytes are drawn from the CSPRNG a few KB at a time: one call per 4 KB instead of one per
// id or IV (each call costs microseconds). Every byte is handed out once.
const RANDOM_POOL_BYTES = 4096
const randomPool = new Uint8Array(RANDOM_POOL_BYTES)
let randomOffset = RANDOM_POOL_BYTES

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  if (length > RANDOM_POOL_BYTES) return globalThis.crypto.getRandomValues(new Uint8Array(length))
  if (randomOffset + length > RANDOM_POOL_BYTES) {
    globalThis.crypto.getRandomValues(randomPool)
    randomOffset = 0
  }
  const out = randomPool.slice(randomOffset, randomOffset + length)
  randomPool.fill(0, randomOffset, randomOffset + length) // no copy of a handed-out byte stays behind
  randomOffset += length
  return out
}

export async function sha256(text: string): Promise<Uint8Array> {
  return backend.sha256(text)
}

/**
 * Derives 32 bytes for one purpose from a secret with HKDF-SHA-256, so the key that signs session
 * ids never equals the key that encrypts cookies, whatever secret the app supplies. Once per
 * manager, so Web Crypto on every runtime.
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

export function importHmacKey(bytes: Uint8Array<ArrayBuffer>): Promise<HmacKey> {
  return backend.hmacKey(bytes)
}

export function importAesKey(bytes: Uint8Array<ArrayBuffer>): Promise<AesKey> {
  return backend.aesKey(bytes)
}

/** Compares two strings in time that depends only on their length, which is public. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
