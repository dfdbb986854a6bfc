/** Session files end in this; nothing else in the directory does. */
export const SESSION_SUFFIX = '.sess'
export const LOCK_SUFFIX = '.lock'
export const TEMP_SUFFIX = '.tmp'

/** Longest encoded key: file names stop at 255 bytes, and the temp name adds a suffix. */
const MAX_NAME = 200
const encoder = new TextEncoder()

/**
 * The file name stem for a store key. Only `a-z`, `0-9` and `-` pass through; an upper-case
 * letter becomes `_` + its lower-case form (so keys that differ in case stay apart on
 * case-insensitive file systems) and every other byte becomes `%XX`. The result never holds a
 * `/`, `\`, `.`, NUL or other separator, so no key can name a file outside the store's directory.
 * Throws for an empty or over-long key.
 */
export function encodeKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new Error('the session key is empty')
  let name = ''
  for (const byte of encoder.encode(key)) {
    if ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d) name += String.fromCharCode(byte)
    else if (byte >= 0x41 && byte <= 0x5a) name += `_${String.fromCharCode(byte + 0x20)}`
    else name += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    if (name.length > MAX_NAME) throw new Error(`the session key is too long for a file name (over ${MAX_NAME} characters once encoded): use a shorter keyPrefix`)
  }
  return name
}

/** The stem of a session file name, or null for any other file. */
export function sessionStem(fileName: string): string | null {
  return fileName.endsWith(SESSION_SUFFIX) ? fileName.slice(0, -SESSION_SUFFIX.length) : null
}

/** A temp file's name: `<stem>.<pid>-<random>.tmp`, so a restart can tell whose it was. */
export function tempName(stem: string): string {
  return `${stem}.${process.pid}-${Math.random().toString(36).slice(2, 10)}${TEMP_SUFFIX}`
}

/** The pid in a temp file's name, or null if the name is not one of ours. */
export function tempOwner(fileName: string): number | null {
  const match = /\.(\d+)-[a-z0-9]+\.tmp$/.exec(fileName)
  return match ? Number(match[1]) : null
}
