import { expect } from 'vitest'
import { type CookieJar, createCookieJar, type ParsedSetCookie, parseSetCookie } from './cookie-jar.js'

/** A response read whole, with its Set-Cookie values parsed. */
export interface TestResponse {
  status: number
  headers: Headers
  body: string
  setCookies: ParsedSetCookie[]
  /** The Set-Cookie of the session cookie, if the response sent one. */
  sessionCookie: ParsedSetCookie | undefined
}

/** One visitor: a cookie jar and requests that carry it. */
export interface TestClient {
  jar: CookieJar
  get(path: string): Promise<TestResponse>
  post(path: string): Promise<TestResponse>
  /** A request with the `Cookie` header given, whatever the jar holds (the jar still takes the answer in). */
  request(method: string, path: string, cookie?: string): Promise<TestResponse>
}

/**
 * A visitor of the server at `baseUrl`. Every response is checked for what the suite demands of
 * all of them: `Vary: Cookie` on every non-5xx response and `Cache-Control: private` whenever a
 * cookie is set.
 */
export function createClient(baseUrl: string, cookieName: string): TestClient {
  const jar = createCookieJar()
  async function request(method: string, path: string, cookie = jar.header()): Promise<TestResponse> {
    const headers: Record<string, string> = {}
    if (cookie !== undefined) headers.cookie = cookie
    const response = await fetch(new URL(path, baseUrl), { method, headers, redirect: 'manual' })
    const body = await response.text()
    jar.store(response)
    const setCookies = response.headers.getSetCookie().map(parseSetCookie)
    const where = `${method} ${path} (status ${response.status})`
    if (response.status < 500) expect(hasCookieInVary(response.headers.get('vary')), `${where}: Vary must include Cookie`).toBe(true)
    if (setCookies.length > 0) expect(response.headers.get('cache-control') ?? '', `${where}: sets a cookie, so Cache-Control must be private`).toMatch(/\bprivate\b/i)
    return { status: response.status, headers: response.headers, body, setCookies, sessionCookie: setCookies.find((c) => c.name === cookieName) }
  }
  return { jar, request, get: (path) => request('GET', path), post: (path) => request('POST', path) }
}

function hasCookieInVary(vary: string | null): boolean {
  return !!vary && vary.split(',').some((part) => ['cookie', '*'].includes(part.trim().toLowerCase()))
}
