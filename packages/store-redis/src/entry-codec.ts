import type { StoreEntry } from '@sess/core'

/**
 * One session is one Redis string: an ASCII header, then the user id, then the data.
 *
 *   s1:<expiresAt, 15 digits>:<version>:<createdAt>:<user id length in UTF-8 bytes, or ->:<userId><data>
 *
 * `expiresAt` is zero-padded to a fixed width at a fixed offset, so the touch script can move it
 * with SETRANGE without reading or rewriting the data. The Lua scripts read only the first bytes.
 */
export const FORMAT_TAG = 's1:'
/** Byte offset and width of the expiry in the header. */
export const EXPIRES_OFFSET = FORMAT_TAG.length
const EXPIRES_WIDTH = 15
const MAX_EXPIRES = 10 ** EXPIRES_WIDTH - 1
/** Longest possible header; the scripts read this many bytes at most. */
export const HEADER_MAX_BYTES = 96
const HEADER = /^s1:(\d{15}):(\d{1,16}):(\d{1,16}):(-|\d{1,10}):/

/** The expiry as it is written in the header: 15 digits, zero-padded. */
export function encodeExpiry(expiresAt: number): string {
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || expiresAt > MAX_EXPIRES) {
    throw new TypeError(`expiresAt must be a whole number of epoch milliseconds (got ${String(expiresAt)})`)
  }
  return String(expiresAt).padStart(EXPIRES_WIDTH, '0')
}

function wholeNumber(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a whole number, 0 or more (got ${String(value)})`)
  return String(value)
}

export function encodeEntry(entry: StoreEntry): string {
  const { userId } = entry
  const userLength = userId === null ? '-' : String(Buffer.byteLength(userId))
  const header = `${FORMAT_TAG}${encodeExpiry(entry.expiresAt)}:${wholeNumber('version', entry.version)}:${wholeNumber('createdAt', entry.createdAt)}:${userLength}:`
  return header + (userId ?? '') + entry.data
}

/** Parses a stored value; throws when the value was not written by this store. */
export function decodeEntry(value: Buffer): StoreEntry {
  const match = HEADER.exec(value.subarray(0, HEADER_MAX_BYTES).toString('latin1'))
  if (!match) throw new Error('the value at this key is not a session entry (does another program write keys with this prefix?)')
  const [header, expiresAt, version, createdAt, userLength] = match as unknown as [string, string, string, string, string]
  const start = header.length
  const dataStart = userLength === '-' ? start : start + Number(userLength)
  return {
    data: value.toString('utf8', dataStart),
    expiresAt: Number(expiresAt),
    version: Number(version),
    createdAt: Number(createdAt),
    userId: userLength === '-' ? null : value.toString('utf8', start, dataStart),
  }
}
