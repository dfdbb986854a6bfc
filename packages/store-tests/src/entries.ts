import type { StoreEntry } from '@sess/core'

let counter = 0

/** A key no other test (or earlier run against the same server) uses. */
export function uniqueKey(prefix = 'sess-test:'): string {
  counter += 1
  return `${prefix}${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 10)}`
}

/** A valid entry that lives `ttlMs` from `now`. */
export function makeEntry(now: number, ttlMs: number, overrides: Partial<StoreEntry> = {}): StoreEntry {
  return { data: '{"d":{"n":1},"m":{}}', expiresAt: now + ttlMs, version: 1, createdAt: now, userId: null, ...overrides }
}

/** Every kind of character a serialized session can hold: NUL, controls, quotes, astral planes. */
export function binaryLikePayload(): string {
  let text = ''
  for (let code = 0; code < 0x800; code++) text += String.fromCharCode(code)
  return `${text}\u{1F600}\u{10FFFF}'"\\%\r\n\t`
}
