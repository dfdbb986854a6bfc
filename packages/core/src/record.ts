import type { Serializer } from './serializer.js'

/**
 * What a session holds besides its data. Short field names: this is inside every cookie and
 * store entry. Never shown by `keys()`.
 */
export interface SessionMeta {
  /** Created at, epoch ms (for `absoluteTimeout`). */
  c: number
  /** Per-session `permanent` override. */
  p?: boolean
  /** `setExpiry(seconds)`: idle age in seconds; 0 means a browser-session cookie. */
  x?: number
  /** `setExpiry(Date)`: absolute expiry, epoch ms. */
  xa?: number
  /** Flashed messages, oldest first: [category, message]. */
  f?: [string, unknown][]
  /** The user this session belongs to. */
  u?: string
  /** The user's revocation generation the session was issued under (cookie store with `revocationStore`). */
  g?: number
}

/** A session's contents as the serializer sees them: `{ d: data, m: meta }`. */
export interface SessionRecord {
  data: Map<string, unknown>
  meta: SessionMeta
}

export function emptyRecord(now: number): SessionRecord {
  return { data: new Map(), meta: { c: now } }
}

export function serializeRecord(serializer: Serializer, record: SessionRecord): string {
  return serializer.stringify({ d: Object.fromEntries(record.data), m: record.meta })
}

/** The record in `text`, or null for anything that is not one (never throws). */
export function parseRecord(serializer: Serializer, text: string): SessionRecord | null {
  let parsed: unknown
  try {
    parsed = serializer.parse(text)
  } catch {
    return null
  }
  if (!isObject(parsed) || !isObject(parsed.d) || !isObject(parsed.m)) return null
  const meta = parsed.m as unknown as SessionMeta
  if (typeof meta.c !== 'number' || !Number.isFinite(meta.c)) return null
  if (meta.f !== undefined && !Array.isArray(meta.f)) return null
  return { data: new Map(Object.entries(parsed.d)), meta }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Re-applies what this request changed (`original` -> `current`) onto `fresh`, the record another
 * request committed meanwhile: keys this request did not touch keep the other request's values.
 */
export function mergeChanges(serializer: Serializer, original: SessionRecord, current: SessionRecord, fresh: SessionRecord): SessionRecord {
  const same = (a: unknown, b: unknown) => a === b || serializer.stringify(a) === serializer.stringify(b)
  const data = new Map(fresh.data)
  for (const [key, value] of current.data) if (!original.data.has(key) || !same(original.data.get(key), value)) data.set(key, value)
  for (const key of original.data.keys()) if (!current.data.has(key)) data.delete(key)
  const meta: SessionMeta = { ...fresh.meta }
  const metaKeys = new Set([...Object.keys(original.meta), ...Object.keys(current.meta)]) as Set<keyof SessionMeta>
  for (const key of metaKeys) {
    if (key === 'c' || same(original.meta[key], current.meta[key])) continue
    if (current.meta[key] === undefined) delete meta[key]
    else (meta as unknown as Record<string, unknown>)[key] = current.meta[key]
  }
  return { data, meta }
}
