const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i

/** Base64url without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
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
