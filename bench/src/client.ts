/** The header every request carries: the libraries that refuse Secure cookies over HTTP trust it. */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https' }

/** A one-visitor cookie jar: keeps the latest value of each cookie the server set. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  get header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0]!
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const cleared = value === '' || /;\s*max-age=0(;|$)/i.test(line)
      if (cleared) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  /** GET `url` with the jar's cookies; resolves to the body text. */
  async get(url: string): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = { ...PROXY_HEADERS }
    if (this.#cookies.size > 0) headers.cookie = this.header
    const response = await fetch(url, { headers, redirect: 'manual' })
    this.store(response)
    return { status: response.status, body: await response.text() }
  }
}

/** One visitor per session: `count` fresh sessions, each written once by GET /hit. */
export async function primeSessions(baseUrl: string, count: number): Promise<string[]> {
  const cookies: string[] = []
  for (let i = 0; i < count; i++) {
    const jar = new CookieJar()
    const { status, body } = await jar.get(`${baseUrl}/hit`)
    if (status !== 200 || body !== '1') throw new Error(`[bench] priming ${baseUrl}/hit answered ${status} ${body.slice(0, 80)}`)
    cookies.push(jar.header)
  }
  return cookies
}
