import { stringifySetCookie } from 'cookie'
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
  return {
    set(value, expiresAt, now) {
      if (expiresAt === null) return stringifySetCookie({ ...base, value })
      const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000))
      return stringifySetCookie({ ...base, value, maxAge, expires: new Date(expiresAt) })
    },
    clear: () => cleared,
  }
}
