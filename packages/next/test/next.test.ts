import { type BindingServer, describeBinding, SUITE_SECRET } from '@sess/binding-tests'
import type { SessionManagerOptions } from '@sess/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp } from './next-app.js'

/** The app runs in its own process: the options cross over as JSON (no store object, no clock). */
function start(options: SessionManagerOptions): Promise<BindingServer> {
  const { store: _store, now: _now, ...json } = options
  return startApp({ SESSION_OPTIONS: JSON.stringify(json) })
}

describeBinding('next (route handlers, next start)', {
  stores: ['cookie'],
  // `next start` runs on its own clock: the suite cannot move it past the session lifetime.
  skip: ['expiry'],
  start,
})

const NAME = '__Host-sid'

/** `name=value` of the session cookie a response set ('' when it cleared it), or undefined. */
function sessionCookie(res: Response): string | undefined {
  const line = res.headers.getSetCookie().findLast((c) => c.startsWith(`${NAME}=`))
  if (line === undefined) return undefined
  return /max-age=0/i.test(line) ? '' : line.slice(0, line.indexOf(';'))
}

/** A visitor that keeps the session cookie between requests, as a browser would. */
function visitor(base: string) {
  let cookie = ''
  return {
    get cookie() {
      return cookie
    },
    async fetch(path: string, init: RequestInit = {}) {
      const res = await fetch(new URL(path, base), { redirect: 'manual', ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers as object) } })
      const set = sessionCookie(res)
      if (set !== undefined) cookie = set
      return res
    },
  }
}

const text = (html: string, id: string) => html.match(new RegExp(`id="${id}">([^<]*)<`))?.[1]
const flashesOf = (html: string) => [...html.matchAll(/class="flash"[^>]*>([^<]*)</g)].map((m) => m[1])

describe('@sess/next in a built app (next build, next start)', () => {
  let server: BindingServer
  beforeAll(async () => {
    server = await startApp({ SESSION_SECRET: SUITE_SECRET })
  })
  afterAll(async () => {
    await server?.close()
  })

  /** Posts the home page's form the way a browser without JavaScript does: a Server Action call. */
  async function submitHomeForm(user: ReturnType<typeof visitor>, fields: Record<string, string>) {
    const html = await (await user.fetch('/')).text()
    const action = html.match(/name="(\$ACTION_ID_[0-9a-f]+)"/)?.[1]
    expect(action, 'the home page form carries its Server Action id').toBeDefined()
    const form = new FormData()
    form.set(action!, '')
    for (const [key, value] of Object.entries(fields)) form.set(key, value)
    return user.fetch('/', { method: 'POST', body: form })
  }

  it('middleware (edge) counts visits; a Server Component reads them; Vary: Cookie on route responses', async () => {
    const user = visitor(server.url)
    const first = await user.fetch('/')
    expect(first.status).toBe(200)
    expect(text(await first.text(), 'visits'), 'the page sees the cookie the middleware set in the same request').toBe('1')
    expect(user.cookie).toMatch(/^__Host-sid=/)
    expect(first.headers.get('cache-control')).toMatch(/private/)
    expect(text(await (await user.fetch('/')).text(), 'visits')).toBe('2')
    const page = await (await user.fetch('/session')).text()
    expect(text(page, 'keys')).toBe('visits')
    expect(text(page, 'is-new')).toBe('false')
    expect(Date.parse(text(page, 'expires')!)).toBeGreaterThan(Date.now())
    const peek = await user.fetch('/peek')
    expect(peek.headers.get('vary')).toMatch(/\bCookie\b/)
  })

  it('Server Actions sign in (regenerate, flash) and out (destroy, flash) through getSession() + save()', async () => {
    const user = visitor(server.url)
    await user.fetch('/')
    const before = user.cookie
    const signIn = await submitHomeForm(user, { name: 'ada' })
    expect(signIn.status).toBe(303)
    expect(signIn.headers.get('location')).toBe('/')
    expect(user.cookie, 'save() in the action set a new cookie through cookies()').not.toBe(before)
    const home = await (await user.fetch('/')).text()
    expect(text(home, 'user')).toBe('ada')
    expect(flashesOf(home)).toEqual(['Welcome, ada!'])
    expect(flashesOf(await (await user.fetch('/')).text()), 'a flash shows once').toEqual([])

    const signOut = await submitHomeForm(user, {})
    expect(signOut.status).toBe(303)
    const after = await (await user.fetch('/')).text()
    expect(text(after, 'user')).toBeUndefined()
    expect(flashesOf(after)).toEqual(['You are signed out.'])
    expect(text(after, 'visits'), 'destroy() dropped the old visit count').toBe('1')
  })

  it('Pages Router: an API route and getServerSideProps write the session before the headers go out', async () => {
    const user = visitor(server.url)
    for (const expected of [1, 2]) {
      const res = await user.fetch('/api/visits')
      expect(await res.json()).toEqual({ visits: expected, user: null })
      expect(res.headers.get('vary')).toMatch(/\bCookie\b/)
      expect(res.headers.get('cache-control')).toBe('private')
    }
    for (const expected of ['1', '2']) {
      const res = await user.fetch('/legacy')
      expect(text(await res.text(), 'views')).toBe(expected)
      expect(res.headers.get('vary')).toMatch(/\bCookie\b/)
    }
    expect(await (await user.fetch('/api/visits')).json(), 'both routers share one session').toEqual({ visits: 3, user: null })
  })

  it('a tampered cookie gives a fresh session everywhere, with status 200', async () => {
    const user = visitor(server.url)
    await user.fetch('/api/visits')
    const tampered = `${user.cookie.slice(0, -3)}${user.cookie.endsWith('AAA') ? 'BBB' : 'AAA'}`
    for (const path of ['/', '/session', '/api/visits', '/legacy', '/peek']) {
      const res = await fetch(new URL(path, server.url), { headers: { cookie: tampered } })
      expect(res.status, path).toBe(200)
    }
    const page = await (await fetch(new URL('/session', server.url), { headers: { cookie: tampered } })).text()
    expect(text(page, 'is-new')).toBe('true')
  })
})
