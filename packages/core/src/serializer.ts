import { decodeBase64url, encodeBase64url } from './base64url.js'

/** Turns session data into a string and back. Plug in your own with `{ stringify, parse }`. */
export interface Serializer {
  stringify(value: unknown): string
  parse(text: string): unknown
}

/*
 * Tagged JSON, after Flask's TaggedJSONSerializer: a value JSON cannot carry becomes a one-key
 * object whose key starts with a space, e.g. {" d": 1700000000000} for a Date. A plain object that
 * happens to look like a tag is escaped as {" o": {...}}, so every value has one reading.
 */
type Tag = ' u' | ' n' | ' f' | ' d' | ' m' | ' s' | ' b' | ' o'

const tagged = (tag: Tag, value: unknown) => ({ [tag]: value })

/** The same reference when nothing needed tagging, so plain JSON costs one walk and no copies. */
function encode(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (value === 0 && 1 / value < 0) return tagged(' f', '-0') // JSON would drop the sign
      return Number.isFinite(value) ? value : tagged(' f', String(value))
    case 'undefined':
      return tagged(' u', 0)
    case 'bigint':
      return tagged(' n', value.toString())
    case 'object':
      return value === null ? null : encodeObject(value)
    default:
      return undefined // functions and symbols vanish, as in JSON
  }
}

function encodeObject(value: object): unknown {
  if (Array.isArray(value)) return encodeArray(value)
  if (value instanceof Date) return tagged(' d', Number.isNaN(value.getTime()) ? null : value.getTime())
  if (value instanceof Map) return tagged(' m', encodeArray([...value]))
  if (value instanceof Set) return tagged(' s', encodeArray([...value]))
  if (value instanceof Uint8Array) return tagged(' b', encodeBase64url(value))
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return encode((value as { toJSON(): unknown }).toJSON())
  return encodePlain(value as Record<string, unknown>)
}

function encodeArray(items: unknown[]): unknown[] {
  let out: unknown[] | undefined
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    const encoded = encode(item) ?? null // functions and symbols become null, as in JSON
    if (out) out[i] = encoded
    else if (encoded !== item) {
      out = items.slice(0, i)
      out[i] = encoded
    }
  }
  return out ?? items
}

function encodePlain(value: Record<string, unknown>): unknown {
  const keys = Object.keys(value)
  let out: Record<string, unknown> | undefined
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const item = value[key]
    const encoded = key === '__proto__' ? undefined : encode(item)
    if (encoded !== item) {
      out ??= copyKeys(value, keys, i)
      if (encoded !== undefined) out[key] = encoded
    } else if (out) out[key] = encoded
  }
  const result = out ?? value
  return keys.length === 1 && keys[0]!.charCodeAt(0) === 32 ? tagged(' o', result) : result
}

function copyKeys(source: Record<string, unknown>, keys: string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < count; i++) out[keys[i]!] = source[keys[i]!]
  return out
}

function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i])
    return value
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0]!.charCodeAt(0) === 32) return reviveTag(keys[0]!, record[keys[0]!])
  return reviveFields(record, keys)
}

function reviveFields(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  for (const key of keys) {
    if (isPollutingKey(key, record[key])) delete record[key]
    else record[key] = revive(record[key])
  }
  return record
}

// `__proto__` as an own key, or `constructor.prototype`, is how JSON reaches a prototype through
// a later merge. Neither is ever session data worth keeping.
function isPollutingKey(key: string, item: unknown): boolean {
  if (key === '__proto__') return true
  return key === 'constructor' && typeof item === 'object' && item !== null && 'prototype' in item
}

function reviveTag(tag: string, body: unknown): unknown {
  switch (tag) {
    case ' u':
      return undefined
    case ' n':
      return BigInt(String(body))
    case ' f':
      return Number(body)
    case ' d':
      return new Date(body === null ? Number.NaN : Number(body))
    case ' m':
      return new Map(revive(body) as [unknown, unknown][])
    case ' s':
      return new Set(revive(body) as unknown[])
    case ' b':
      return decodeBase64url(String(body)) ?? new Uint8Array(0)
    case ' o': // an escaped plain object: its fields are revived, its own key is not a tag
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? reviveFields(body as Record<string, unknown>, Object.keys(body))
        : revive(body)
    default: {
      const unknownTag: Record<string, unknown> = {}
      unknownTag[tag] = revive(body) // foreign input: keep it as the plain object it is
      return unknownTag
    }
  }
}

// Text with no tag, no `__proto__` and no `constructor` parses to plain JSON with nothing to revive.
function needsRevival(text: string): boolean {
  return text.includes('" ') || text.includes('__proto__') || text.includes('constructor')
}

/** The default serializer: JSON that round-trips Date, Map, Set, BigInt, Uint8Array and undefined. */
export const taggedJson: Serializer = {
  stringify(value) {
    return JSON.stringify(encode(value)) ?? 'null'
  },
  parse(text) {
    const parsed: unknown = JSON.parse(text)
    return needsRevival(text) ? revive(parsed) : parsed
  },
}
