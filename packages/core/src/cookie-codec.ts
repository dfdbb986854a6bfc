import { type SetCookie, stringifySetCookie } from 'cookie'
import type { CookieAttributes } from './cookie-options.js'

/**
 * Every value sent under `name` in a Cookie header, in order. The `cookie` package's parser keeps
 * only the first of several same-named cookies, and a browser sends several when an old cookie
 * with another path or domain lingers, so the manager must see them all. Never throws.
 */
export function readCookieValues(header: string | null | undefined, name: string): string[] {
  if (!header?.includes(name)) return []
  const values: string[] = []
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) values.push(unquote(header.slice(eq + 1, end).trim()))
    start = end + 1
  }
  return values
}

function unquote(value: string): string {
  return value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34 ? value.slice(1, -1) : value
}

/** Builds the session's Set-Cookie values from attributes checked once at construction. */
export interface CookieWriter {
  /** A cookie holding `value`; with `expiresAt` (epoch ms) a persistent one, else a browser-session one. */
  set(value: string, expiresAt: number | null, now: number): string
  /** A cookie that deletes the session cookie (same name, path and domain). */
  clear(): string
}

export function createCookieWriter(attributes: CookieAttributes): CookieWriter {
  const base = {
    name: attributes.name,
    path: attributes.path,
    domain: attributes.domain,
    secure: attributes.secure,
    httpOnly: attributes.httpOnly,
    sameSite: attributes.sameSite,
    partitioned: attributes.partitioned || undefined,
    priority: attributes.priority,
  }
  const cleared = stringifySetCookie({ ...base, value: '', maxAge: 0, expires: new Date(0) })
  // The attributes never change: `stringifySetCookie` lays them out once around placeholders, and
  // each cookie is then a few concatenations (same bytes, no option copies, no Date per request).
  const session = splitAround(stringifySetCookie({ ...base, value: VALUE_MARK }), [VALUE_MARK])
  const persistent = splitAround(stringifySetCookie({ ...base, value: VALUE_MARK, maxAge: MAX_AGE_MARK, expires: new Date(EXPIRES_MARK) }), [
    VALUE_MARK,
    `Max-Age=${MAX_AGE_MARK}`,
    `Expires=${new Date(EXPIRES_MARK).toUTCString()}`,
  ])
  let expiresSecond = Number.NaN
  let expiresText = ''
  return {
    set(value, expiresAt, now) {
      // Anything unusual (a value encodeURIComponent would change, a date out of range) takes the
      // general path, which encodes or throws exactly as before.
      if (!session || !persistent || !PLAIN_VALUE.test(value)) return setCookieSlow(base, value, expiresAt, now)
      if (expiresAt === null) return session[0] + value + session[1]
      if (!(Math.abs(expiresAt) <= MAX_DATE_MS)) return setCookieSlow(base, value, expiresAt, now)
      const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000))
      const second = Math.floor(expiresAt / 1000)
      if (second !== expiresSecond) {
        expiresText = new Date(expiresAt).toUTCString()
        expiresSecond = second
      }
      return `${persistent[0]}${value}${persistent[1]}Max-Age=${maxAge}${persistent[2]}Expires=${expiresText}${persistent[3]}`
    },
    clear: () => cleared,
  }
}

/** Characters `encodeURIComponent` leaves as they are (every value @sess makes is of them). */
const PLAIN_VALUE = /^[A-Za-z0-9\-_.!~*'()]*$/
const VALUE_MARK = 'SESSVALUEMARK'
const MAX_AGE_MARK = 987654321
const EXPIRES_MARK = 4102444800000 // 2100-01-01
const MAX_DATE_MS = 8.64e15

/** `text` cut at each of `marks` in order: the pieces between them, or null unless each occurs once. */
function splitAround(text: string, marks: string[]): string[] | null {
  const pieces: string[] = []
  let rest = text
  for (const mark of marks) {
    const at = rest.indexOf(mark)
    if (at === -1 || rest.indexOf(mark, at + 1) !== -1) return null
    pieces.push(rest.slice(0, at))
    rest = rest.slice(at + mark.length)
  }
  pieces.push(rest)
  return pieces
}

function setCookieSlow(base: Omit<SetCookie, 'value'>, value: string, expiresAt: number | null, now: number): string {
  if (expiresAt === null) return stringifySetCookie({ ...base, value })
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000))
  return stringifySetCookie({ ...base, value, maxAge, expires: new Date(expiresAt) })
}
