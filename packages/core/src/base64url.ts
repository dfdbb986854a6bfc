const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i

/** Node's Buffer where the runtime has one (found at run time, never imported): native base64url. */
interface NodeBuffer {
  from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64url'): string }
  from(text: string, encoding: 'base64url'): Uint8Array
}
const NativeBuffer = loadNodeBuffer()
/** Below this many bytes the JavaScript loop is as fast as a call into native code. */
const NATIVE_MIN_BYTES = 48

function loadNodeBuffer(): NodeBuffer | null {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return (runtime?.getBuiltinModule?.('node:buffer') as { Buffer?: NodeBuffer } | undefined)?.Buffer ?? null
  } catch {
    return null
  }
}

/** Base64url without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  if (NativeBuffer && bytes.length >= NATIVE_MIN_BYTES) return NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url')
  return encodePortable(bytes)
}

/** @internal The JavaScript encoder, for every runtime. */
export function encodePortable(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!
  }
  return out
}

/**
 * Strict base64url decoding: null for any character outside the alphabet, padding, an impossible
 * length, or non-zero unused trailing bits (so every byte string has exactly one accepted form).
 */
export function decodeBase64url(text: string): Uint8Array | null {
  if (NativeBuffer && text.length >= NATIVE_MIN_BYTES) {
    // Buffer's decoder is lenient (it skips what is not base64url): a text is accepted only when it
    // is exactly the canonical encoding of what it decodes to, which is what the strict loop accepts.
    const decoded = NativeBuffer.from(text, 'base64url')
    if (NativeBuffer.from(decoded.buffer, decoded.byteOffset, decoded.length).toString('base64url') !== text) return null
    return new Uint8Array(decoded)
  }
  return decodePortable(text)
}

/** @internal The JavaScript decoder, for every runtime. */
export function decodePortable(text: string): Uint8Array | null {
  const rest = text.length % 4
  if (rest === 1) return null
  const out = new Uint8Array(((text.length * 3) >> 2))
  let o = 0
  let i = 0
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3)
    if (n < 0) return null
    out[o++] = n >> 16
    out[o++] = (n >> 8) & 255
    out[o++] = n & 255
  }
  if (rest === 2) {
    const a = sextet(text, i)
    const b = sextet(text, i + 1)
    if (a < 0 || b < 0 || (b & 15) !== 0) return null
    out[o++] = (a << 2) | (b >> 4)
  } else if (rest === 3) {
    const a = sextet(text, i)
    const b = sextet(text, i + 1)
    const c = sextet(text, i + 2)
    if (a < 0 || b < 0 || c < 0 || (c & 3) !== 0) return null
    out[o++] = (a << 2) | (b >> 4)
    out[o++] = ((b & 15) << 4) | (c >> 2)
  }
  return out
}

/** True when every character of `text` is in the base64url alphabet. */
export function isBase64url(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (sextet(text, i) < 0) return false
  return true
}

// A negative result poisons the OR in decodeBase64url, so one check per quartet suffices.
function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code < 128 ? LOOKUP[code]! : -1
}
