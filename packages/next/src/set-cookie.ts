/** A Set-Cookie line as the fields of Next's `cookies().set({ ... })`. */
export interface CookieFields {
  name: string
  value: string
  maxAge?: number
  expires?: Date
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'lax' | 'strict' | 'none'
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

/**
 * Parses a Set-Cookie value @sess/core produced, so it can go out through Next's `cookies()`.
 * Session cookie values are base64url and dots: Next's percent-encoding leaves them unchanged.
 */
export function parseSetCookie(line: string): CookieFields {
  const [pair = '', ...attributes] = line.split(';')
  const eq = pair.indexOf('=')
  const fields: CookieFields = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() }
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const value = at < 0 ? '' : attribute.slice(at + 1).trim()
    if (key === 'max-age') fields.maxAge = Number(value)
    else if (key === 'expires') fields.expires = new Date(value)
    else if (key === 'path') fields.path = value
    else if (key === 'domain') fields.domain = value
    else if (key === 'secure') fields.secure = true
    else if (key === 'httponly') fields.httpOnly = true
    else if (key === 'samesite') fields.sameSite = value.toLowerCase() as CookieFields['sameSite']
    else if (key === 'partitioned') fields.partitioned = true
    else if (key === 'priority') fields.priority = value.toLowerCase() as CookieFields['priority']
  }
  return fields
}
