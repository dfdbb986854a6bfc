import type { StoreEntry } from '@sess/core'

/**
 * A session file: one JSON header line, then the payload as UTF-8. The header records the
 * payload's byte length, so a file cut short (which atomic renames prevent, but a disk can still
 * do) reads as missing instead of as a different session.
 */
interface Header {
  v: 1
  key: string
  expiresAt: number
  version: number
  createdAt: number
  userId: string | null
  bytes: number
}

const NEWLINE = 0x0a

export function formatFile(key: string, entry: StoreEntry): Buffer {
  const data = Buffer.from(entry.data, 'utf8')
  const header: Header = {
    v: 1,
    key,
    expiresAt: entry.expiresAt,
    version: entry.version,
    createdAt: entry.createdAt,
    userId: entry.userId,
    bytes: data.length,
  }
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data])
}

/** The key and entry a file holds, or null for anything that is not a whole session file. */
export function parseFile(file: Buffer): { key: string; entry: StoreEntry } | null {
  const newline = file.indexOf(NEWLINE)
  if (newline < 0) return null
  let header: Header
  try {
    header = JSON.parse(file.subarray(0, newline).toString('utf8'))
  } catch {
    return null
  }
  if (
    header?.v !== 1 ||
    typeof header.key !== 'string' ||
    !Number.isFinite(header.expiresAt) ||
    !Number.isInteger(header.version) ||
    !Number.isFinite(header.createdAt) ||
    (header.userId !== null && typeof header.userId !== 'string') ||
    header.bytes !== file.length - newline - 1
  ) {
    return null
  }
  const data = file.subarray(newline + 1).toString('utf8')
  return { key: header.key, entry: { data, expiresAt: header.expiresAt, version: header.version, createdAt: header.createdAt, userId: header.userId } }
}
