/**
 * A minimal cookie jar for one test client: remembers what Set-Cookie said, sends it back by
 * hand. It ignores `Secure` (the suite runs on plain http, and fetch in Node does not filter) and
 * expiry dates (so a test can send a cookie the server should consider expired), but honours
 * `Max-Age=0` and an `Expires` in the past as deletion, as a browser does.
 */
export interface CookieJar {
  /** The `Cookie` header to send, or undefined when the jar is empty. */
  header(): string | undefined
  /** The value held under `name`. */
  get(name: string): string | undefined
  /** Puts a cookie in by hand (for tampered or foreign values). */
  set(name: string, value: string): void
  delete(name: string): void
  /** Takes in every Set-Cookie of a response. */
  store(response: Response): void
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>()
  return {
    header: () => (cookies.size === 0 ? undefined : [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')),
    get: (name) => cookies.get(name),
    set: (name, value) => void cookies.set(name, value),
    delete: (name) => void cookies.delete(name),
    store(response) {
      for (const line of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(line)
        if (cookie.deleted) cookies.delete(cookie.name)
        else cookies.set(cookie.name, cookie.value)
      }
    },
  }
}

/** One Set-Cookie value, split into what the suite checks. Attribute names are lower-cased. */
export interface ParsedSetCookie {
  name: string
  value: string
  attributes: Map<string, string>
  /** `Max-Age` of 0 or less, or `Expires` in the past. */
  deleted: boolean
}

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = '', ...rest] = line.split(';')
  const eq = pair.indexOf('=')
  const name = pair.slice(0, eq).trim()
  const value = pair.slice(eq + 1).trim()
  const attributes = new Map<string, string>()
  for (const part of rest) {
    const i = part.indexOf('=')
    const key = (i === -1 ? part : part.slice(0, i)).trim().toLowerCase()
    attributes.set(key, i === -1 ? '' : part.slice(i + 1).trim())
  }
  const maxAge = attributes.get('max-age')
  const expires = attributes.get('expires')
  const deleted = maxAge !== undefined ? Number(maxAge) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now()
  return { name, value, attributes, deleted }
}
