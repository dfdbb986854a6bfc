import { describe, expect, it } from 'vitest'
import type { RunningDemo } from './node.js'

/** A fetch client that keeps cookies by hand (Node's fetch has no jar, and ignores `Secure`). */
export interface DemoClient {
  get(path: string): Promise<DemoResponse>
  post(path: string, form?: Record<string, string>): Promise<DemoResponse>
  /** The session cookie's value, if the client holds one. */
  readonly cookie: string | undefined
  /** Replaces the held session cookie (to replay an old one). */
  useCookie(value: string | undefined): void
}

export interface DemoResponse {
  status: number
  location: string | null
  setCookies: string[]
  body: string
}

/** The demos keep core's default cookie name. */
export const COOKIE_NAME = '__Host-sid'

export function createDemoClient(baseUrl: string): DemoClient {
  let cookie: string | undefined
  async function send(path: string, init: RequestInit = {}): Promise<DemoResponse> {
    const headers = new Headers(init.headers)
    if (cookie !== undefined) headers.set('cookie', `${COOKIE_NAME}=${cookie}`)
    const res = await fetch(new URL(path, baseUrl), { ...init, headers, redirect: 'manual' })
    const setCookies = res.headers.getSetCookie()
    for (const line of setCookies) {
      const [pair = ''] = line.split(';')
      if (!pair.startsWith(`${COOKIE_NAME}=`)) continue
      cookie = /;\s*max-age=0/i.test(line) ? undefined : pair.slice(COOKIE_NAME.length + 1)
    }
    return { status: res.status, location: res.headers.get('location'), setCookies, body: await res.text() }
  }
  return {
    get: (path) => send(path),
    post: (path, form = {}) => send(path, { method: 'POST', body: new URLSearchParams(form) }),
    get cookie() {
      return cookie
    },
    useCookie(value) {
      cookie = value
    },
  }
}

/** The visit count the home page shows. */
export function visits(body: string): number {
  const match = /id="visits">(\d+)</.exec(body)
  if (!match) throw new Error(`No visit counter in the page:\n${body.slice(0, 500)}`)
  return Number(match[1])
}

export interface SmokeOptions {
  /** Sessions live on the server, so a destroyed or regenerated session's old cookie stops working. */
  serverSide: boolean
}

/**
 * The demo's whole story over real HTTP: counter, sign in (regenerate, 303, Set-Cookie), flash
 * shown once, escaped user input, expiry page, sign out (destroy, flash), and for server-side
 * stores that the pre-login and signed-in cookies are dead afterwards.
 */
export function describeDemoSmoke(label: string, start: () => Promise<RunningDemo>, options: SmokeOptions): void {
  describe(label, () => {
    it('counts visits, signs in and out with flashes shown once, and shows the expiry', async () => {
      const demo = await start()
      try {
        const client = createDemoClient(demo.url)

        const first = await client.get('/')
        expect(first.status).toBe(200)
        expect(visits(first.body)).toBe(1)
        expect(first.body).toContain('action="/login"')
        const anonymous = client.cookie
        expect(anonymous).toBeDefined()
        expect(visits((await client.get('/')).body)).toBe(2)

        const login = await client.post('/login', { name: '<b>Ada</b> & co' })
        expect(login.status).toBe(303)
        expect(login.location).toBe('/')
        expect(login.setCookies.join('\n')).toMatch(/^__Host-sid=.+; .*HttpOnly/im)
        expect(client.cookie).not.toBe(anonymous) // regenerated

        const home = await client.get('/')
        expect(home.body).toContain('Signed in as &lt;b&gt;Ada&lt;/b&gt; &amp; co')
        expect(home.body).not.toContain('<b>Ada</b>')
        expect(home.body).toContain('action="/logout"')
        expect(visits(home.body)).toBe(3)
        const again = await client.get('/')
        expect(again.body).not.toContain('Signed in as &lt;b&gt;')
        expect(again.body).toContain('id="user">&lt;b&gt;Ada&lt;/b&gt; &amp; co<')
        expect(visits(again.body)).toBe(4)

        const expiry = await client.get('/expiry')
        expect(expiry.status).toBe(200)
        expect(expiry.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/)
        expect(expiry.body).toContain('id="permanent">yes')

        const signedIn = client.cookie
        const logout = await client.post('/logout')
        expect(logout.status).toBe(303)
        expect(logout.location).toBe('/')
        const after = await client.get('/')
        expect(after.body).toContain('Signed out')
        expect(after.body).toContain('action="/login"')
        expect(visits(after.body)).toBe(1)
        expect((await client.get('/')).body).not.toContain('Signed out')

        if (options.serverSide) {
          for (const old of [anonymous, signedIn]) {
            const replay = createDemoClient(demo.url)
            replay.useCookie(old)
            const page = await replay.get('/')
            expect(page.status).toBe(200)
            expect(visits(page.body)).toBe(1)
            expect(page.body).not.toContain('id="user"')
          }
        }
      } finally {
        await demo.close()
      }
    })

    it('refuses an empty name with a flash and stays signed out', async () => {
      const demo = await start()
      try {
        const client = createDemoClient(demo.url)
        const login = await client.post('/login', { name: '   ' })
        expect(login.status).toBe(303)
        const home = await client.get('/')
        expect(home.body).toContain('Enter a name to sign in')
        expect(home.body).not.toContain('id="user"')
      } finally {
        await demo.close()
      }
    })
  })
}
