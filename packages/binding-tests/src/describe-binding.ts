import { CookieStore, createSessionManager, MemoryStore, type SessionManagerOptions } from '@sess/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TestClient } from './client.js'
import { createTestClock, type TestClock } from '@sess/store-tests'
import { describeConcurrency } from './concurrency.js'
import type { BindingServer } from './node-server.js'
import type { MeBody } from './routes.js'
import { createSwitchableStore, type SwitchableStore } from './switchable-store.js'

/** Which store the suite runs a binding on: a server-side MemoryStore, or the cookie store. */
export type StoreKind = 'memory' | 'cookie'

/**
 * Scenarios a binding can opt out of, when its runtime cannot honour what they inject:
 * - `expiry`: the server cannot use the injected clock;
 * - `outage`: it cannot use the injected store (switched off to simulate an outage);
 * - `concurrency`: it cannot use the injected store's test controls, which hold its loads and
 *   writes to order concurrent requests and log its calls to count writes (the concurrent-commit
 *   cases, and the store-write count of the read-only case). A runtime that skips `outage` for
 *   want of the injected store must skip this too;
 * - `browser-session-option`: `start` may be called only once.
 *
 * `outage` and `concurrency` concern the memory store only: a runner with `stores: ['cookie']`
 * never runs them.
 */
export type Scenario = 'expiry' | 'outage' | 'concurrency' | 'browser-session-option'

export interface DescribeBindingOptions {
  /**
   * Boots a real listening HTTP server of the framework, on a loopback port, using the binding
   * with exactly these manager options (store, clock as `now`, ...) and wiring the routes of
   * `ROUTES`. `context.store` says which store kind the options carry, for runtimes that must
   * build the store themselves (a worker cannot receive a store object).
   */
  start(options: SessionManagerOptions, context: { store: StoreKind }): Promise<BindingServer>
  /** Store kinds to run the suite with. @default ['memory', 'cookie'] */
  stores?: readonly StoreKind[]
  /**
   * Scenarios to skip (see `Scenario`): `expiry` when the server cannot use the injected clock,
   * `outage` and `concurrency` when it cannot use the injected store, `browser-session-option` when
   * `start` may be called only once.
   * @default []
   */
  skip?: readonly Scenario[]
  /** Extra cases special to the binding; they run inside each store's `describe`. */
  extra?(context: BindingSuiteContext): void
}

/** What `extra` cases can use: the running server and its injected parts. */
export interface BindingSuiteContext {
  store: StoreKind
  url(): string
  clock(): TestClock
  /** The switchable store behind the server (memory runs only), to simulate an outage or order requests. */
  switchable(): SwitchableStore | null
  /** A new visitor with an empty cookie jar. */
  client(): TestClient
}

/** Every secret in the suite is at least 32 characters; these are test-only values. */
export const SUITE_SECRET = 'binding-suite-secret-0123456789-abcdefghijklmnop'
const FOREIGN_SECRET = 'another-apps-secret-0123456789-abcdefghijklmnopq'
/** Session lifetime the suite's server runs with, in seconds. */
export const SUITE_LIFETIME = 3600

/**
 * The HTTP behaviour suite every @sess binding runs through real requests:
 * `describeBinding('express', { start: (options) => serveNode(myApp(options)) })`.
 */
export function describeBinding(name: string, options: DescribeBindingOptions): void {
  const skip = new Set(options.skip ?? [])
  for (const kind of options.stores ?? (['memory', 'cookie'] as const)) {
    describe(`binding behaviour: ${name} (${kind} store)`, () => {
      const clock = createTestClock()
      const switchable = kind === 'memory' ? createSwitchableStore(new MemoryStore({ now: clock.now })) : null
      const managerOptions = (extra: Partial<SessionManagerOptions> = {}): SessionManagerOptions => ({
        secret: SUITE_SECRET,
        store: switchable ?? new CookieStore(),
        now: clock.now,
        lifetime: SUITE_LIFETIME,
        ...extra,
      })
      const cookieName = createSessionManager(managerOptions()).options.cookie.name
      let server: BindingServer
      beforeAll(async () => {
        server = await options.start(managerOptions(), { store: kind })
      })
      afterAll(async () => {
        await server?.close()
      })
      const visitor = () => createClient(server.url, cookieName)
      const serverSide = kind === 'memory'

      /** A visitor whose session holds count = 1, and the cookie value it got. */
      async function counted(): Promise<{ client: TestClient; cookie: string }> {
        const client = visitor()
        const res = await client.get('/count')
        expect(res.body).toBe('1')
        expect(res.sessionCookie).toBeDefined()
        return { client, cookie: res.sessionCookie!.value }
      }

      it('sends no cookie to a new visitor until the session is written', async () => {
        const client = visitor()
        for (const path of ['/peek', '/me', '/peek']) {
          const res = await client.get(path)
          expect(res.status).toBe(200)
          expect(res.setCookies).toEqual([])
        }
        expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: null, flashes: [] })
        const written = await client.get('/count')
        expect(written.body).toBe('1')
        expect(written.sessionCookie?.deleted).toBe(false)
        expect(written.sessionCookie?.attributes.get('path')).toBe('/')
        expect(written.sessionCookie?.attributes.has('httponly')).toBe(true)
      })

      it('increments a counter across requests', async () => {
        const client = visitor()
        for (const expected of ['1', '2', '3']) expect((await client.get('/count')).body).toBe(expected)
        const peek = await client.get('/peek')
        expect(peek.body).toBe('3')
        expect((await visitor().get('/peek')).body, 'another visitor has no count').toBe('none')
      })

      it('shows a flash message once', async () => {
        const client = visitor()
        await client.post('/login?name=alice')
        expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'alice', flashes: ['welcome alice'] } satisfies MeBody)
        expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'alice', flashes: [] } satisfies MeBody)
      })

      it(`regenerates on login: a new cookie on the redirect itself, data kept${serverSide ? ', the old cookie dead' : ''}`, async () => {
        const { client, cookie: before } = await counted()
        const login = await client.post('/login?name=bob')
        expect(login.status).toBe(303)
        expect(new URL(login.headers.get('location') ?? '', server.url).pathname).toBe('/me')
        expect(login.sessionCookie, 'the 303 itself must carry the new session cookie').toBeDefined()
        const after = login.sessionCookie!.value
        expect(after).not.toBe(before)
        expect(JSON.parse((await client.get('/me')).body)).toMatchObject({ user: 'bob' })
        expect((await client.get('/peek')).body).toBe('1')
        if (serverSide) {
          const old = await visitor().request('GET', '/me', `${cookieName}=${before}`)
          expect(JSON.parse(old.body)).toEqual({ user: null, flashes: [] })
          expect((await visitor().request('GET', '/peek', `${cookieName}=${before}`)).body).toBe('none')
        }
      })

      it('destroys the session on logout and clears the cookie', async () => {
        const client = visitor()
        await client.post('/login?name=carol')
        const loggedIn = client.jar.get(cookieName)!
        expect(loggedIn).toBeDefined()
        const logout = await client.post('/logout')
        expect(logout.status).toBe(200)
        expect(logout.body).toBe('bye')
        expect(logout.sessionCookie, 'logout must send a clearing Set-Cookie').toBeDefined()
        expect(logout.sessionCookie!.deleted).toBe(true)
        expect(logout.sessionCookie!.attributes.get('max-age')).toBe('0')
        expect(logout.sessionCookie!.attributes.get('path')).toBe('/')
        expect(client.jar.get(cookieName)).toBeUndefined()
        expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: null, flashes: [] })
        if (serverSide) {
          const replayed = await visitor().request('GET', '/me', `${cookieName}=${loggedIn}`)
          expect(JSON.parse(replayed.body)).toEqual({ user: null, flashes: [] })
        }
      })

      it('gives a fresh session with status 200 for a tampered, truncated, foreign or garbage cookie', async () => {
        const { cookie } = await counted()
        const foreign = await foreignCookie(FOREIGN_SECRET)
        const bad: Record<string, string> = {
          tampered: flipCharacter(cookie, Math.floor(cookie.length / 2)),
          'tampered last character': flipCharacter(cookie, cookie.length - 1),
          truncated: cookie.slice(0, -4),
          'foreign (another secret)': foreign,
          garbage: 'not-a-session',
          'odd characters': '%%%\u00e9\\"',
          long: 'A'.repeat(4000),
        }
        if (serverSide) bad['unknown id (right secret, not in this store)'] = await foreignCookie(SUITE_SECRET)
        for (const [label, value] of Object.entries(bad)) {
          const client = visitor()
          const peek = await client.request('GET', '/peek', `${cookieName}=${value}`)
          expect(peek.status, label).toBe(200)
          expect(peek.body, label).toBe('none')
          const count = await client.request('GET', '/count', `${cookieName}=${value}`)
          expect(count.status, label).toBe(200)
          expect(count.body, label).toBe('1')
          expect(count.sessionCookie?.value, label).not.toBe(value)
        }
      })

      it.skipIf(skip.has('expiry'))('forgets a session once its lifetime has passed', async () => {
        const { client } = await counted()
        expect((await client.get('/peek')).body).toBe('1')
        clock.advance((SUITE_LIFETIME + 1) * 1000)
        const peek = await client.get('/peek')
        expect(peek.status).toBe(200)
        expect(peek.body).toBe('none')
        expect((await client.get('/count')).body).toBe('1')
      })

      it('sends a browser-session cookie (no Max-Age, no Expires) for a non-permanent session', async () => {
        const client = visitor()
        const res = await client.get('/browser')
        expect(res.body).toBe('ok')
        expect(res.sessionCookie).toBeDefined()
        expect(res.sessionCookie!.attributes.has('max-age')).toBe(false)
        expect(res.sessionCookie!.attributes.has('expires')).toBe(false)
        const next = await client.get('/count')
        expect(next.body).toBe('1')
        if (next.sessionCookie) expect(next.sessionCookie.attributes.has('max-age')).toBe(false)
      })

      it.skipIf(skip.has('browser-session-option'))('sends browser-session cookies when the manager has permanent: false', async () => {
        const other = await options.start(managerOptions({ permanent: false }), { store: kind })
        try {
          const client = createClient(other.url, cookieName)
          const res = await client.get('/count')
          expect(res.body).toBe('1')
          expect(res.sessionCookie).toBeDefined()
          expect(res.sessionCookie!.attributes.has('max-age')).toBe(false)
          expect(res.sessionCookie!.attributes.has('expires')).toBe(false)
          expect((await client.get('/count')).body).toBe('2')
        } finally {
          await other.close()
        }
      })

      // The cookie store has no backend to switch off: the case does not exist for it.
      if (serverSide) it.skipIf(skip.has('outage'))('answers 5xx while the store is down, never a fresh session, and recovers', async () => {
        const { client } = await counted()
        const store = switchable!
        store.down = true
        try {
          for (const [method, path] of [['GET', '/peek'], ['GET', '/count'], ['GET', '/me'], ['POST', '/logout']] as const) {
            const res = await client.request(method, path)
            expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(500)
            expect(res.status, `${method} ${path}`).toBeLessThan(600)
            expect(res.setCookies, `${method} ${path} must not clear or replace the cookie`).toEqual([])
          }
          const newcomer = await visitor().get('/count')
          expect(newcomer.status, 'a new session cannot be stored either').toBeGreaterThanOrEqual(500)
          expect(newcomer.setCookies).toEqual([])
        } finally {
          store.down = false
        }
        expect((await client.get('/peek')).body).toBe('1')
        expect((await client.get('/count')).body).toBe('2')
      })

      it('survives 20 concurrent requests in one session', async () => {
        const { client } = await counted()
        const cookie = client.jar.header()
        const responses = await Promise.all(Array.from({ length: 20 }, () => client.request('GET', '/count', cookie)))
        for (const res of responses) {
          expect(res.status).toBe(200)
          expect(Number(res.body)).toBeGreaterThanOrEqual(2)
        }
        const count = Number((await client.get('/peek')).body)
        expect(count).toBeGreaterThanOrEqual(2)
        expect(count).toBeLessThanOrEqual(21)
      })

      it('sends Vary: Cookie on every route, and Cache-Control: private with every Set-Cookie', async () => {
        // The client checks both on every response; this walks every route as new and returning visitor.
        const client = visitor()
        await client.get('/peek')
        await client.get('/me')
        const counted = await client.get('/count')
        expect(counted.headers.get('cache-control')).toMatch(/\bprivate\b/i)
        await client.get('/peek')
        await client.get('/browser')
        await client.post('/login?name=dave')
        await client.get('/me')
        await client.post('/logout')
        await client.post('/logout')
      })

      describeConcurrency({
        store: serverSide && !skip.has('concurrency') ? switchable : null,
        serverSide,
        cookieName,
        visitor,
      })

      async function foreignCookie(secret: string): Promise<string> {
        const manager = createSessionManager({ ...managerOptions(), secret, store: kind === 'memory' ? new MemoryStore({ now: clock.now }) : new CookieStore() })
        const session = await manager.load(undefined)
        session.set('count' as never, 41 as never)
        const [line] = await manager.commit(session)
        return line!.slice(line!.indexOf('=') + 1, line!.indexOf(';'))
      }

      options.extra?.({ store: kind, url: () => server.url, clock: () => clock, switchable: () => switchable, client: visitor })
    })
  }
}

/** The value with one character changed to another of the same alphabet. */
function flipCharacter(value: string, index: number): string {
  const c = value[index]
  const replacement = c === 'A' ? 'B' : 'A'
  return value.slice(0, index) + replacement + value.slice(index + 1)
}
