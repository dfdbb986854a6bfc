import { createSessionManager, MemoryStore, SessionStoreError } from '@sess/core'
import { createSwitchableStore, describeBinding, SUITE_SECRET } from '@sess/binding-tests'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { type SessionEnv, type SessionVariables, session } from '../src/index.js'
import { routesApp } from './routes.js'
import { type FetchApp, serveHono } from './serve.js'

describeBinding('hono on node', { start: (options) => serveHono(routesApp(options)) })

/** A store that fails every call, as one whose backend is down does. */
const downStore = () => Object.assign(createSwitchableStore(), { down: true })

async function withServer<T>(app: FetchApp, run: (url: string) => Promise<T>): Promise<T> {
  const server = await serveHono(app)
  try {
    return await run(server.url)
  } finally {
    await server.close()
  }
}

describe('@sess/hono specifics', () => {
  it('types c.get("session") from SessionVariables', () => {
    const app = new Hono<{ Variables: SessionVariables<{ user: string }> }>()
    app.get('/', (c) => {
      expectTypeOf(c.get('session').get('user')).toEqualTypeOf<string | undefined>()
      return c.text('')
    })
    const chained = new Hono().use(session({ secret: SUITE_SECRET }))
    chained.get('/', (c) => {
      expectTypeOf(c.get('session').get('n', 0)).toEqualTypeOf<unknown>()
      return c.text('')
    })
  })

  it('answers 503 with Vary: Cookie and no store detail when the store write fails', async () => {
    const app = new Hono<SessionEnv>().use(session({ secret: SUITE_SECRET, store: downStore() }))
    app.get('/', (c) => {
      c.get('session').set('n', 1)
      return c.text('written?')
    })
    await withServer(app, async (url) => {
      const res = await fetch(url)
      expect(res.status).toBe(503)
      expect(res.headers.get('vary')).toBe('Cookie')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.text()).toBe('Service Unavailable')
    })
  })

  it('lets app.onError see the outage: HTTPException 503 whose cause is the SessionStoreError', async () => {
    const seen: unknown[] = []
    const app = new Hono<SessionEnv>().use(session({ secret: SUITE_SECRET, store: downStore() }))
    app.get('/', (c) => {
      c.get('session').set('n', 1)
      return c.text('written?')
    })
    app.onError((error, c) => {
      seen.push(error)
      return c.text('maintenance', 503)
    })
    await withServer(app, async (url) => {
      const res = await fetch(url)
      expect(res.status).toBe(503)
      expect(await res.text()).toBe('maintenance')
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(HTTPException)
    expect((seen[0] as HTTPException).status).toBe(503)
    expect((seen[0] as HTTPException).cause).toBeInstanceOf(SessionStoreError)
  })

  it('adds the cookie to a response whose headers are immutable (a proxied fetch response)', async () => {
    const upstream = new Hono().get('/', (c) => c.text('from upstream'))
    await withServer(upstream, async (upstreamUrl) => {
      const app = new Hono<SessionEnv>().use(session({ secret: SUITE_SECRET, store: new MemoryStore() }))
      app.get('/', async (c) => {
        c.get('session').set('proxied', true)
        return fetch(upstreamUrl)
      })
      await withServer(app, async (url) => {
        const res = await fetch(url)
        expect(await res.text()).toBe('from upstream')
        expect(res.headers.getSetCookie()).toHaveLength(1)
        expect(res.headers.get('vary')).toBe('Cookie')
      })
    })
  })

  it('accepts a manager, shared with code that revokes sessions', async () => {
    const manager = createSessionManager({ secret: SUITE_SECRET, store: new MemoryStore() })
    let id = ''
    const app = new Hono<SessionEnv>().use(session(manager))
    app.get('/', (c) => {
      const s = c.get('session')
      s.set('n', ((s.get('n', 0) as number) ?? 0) + 1)
      id = s.id
      return c.text(String(s.get('n')))
    })
    await withServer(app, async (url) => {
      const first = await fetch(url)
      const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!
      expect(await (await fetch(url, { headers: { cookie } })).text()).toBe('2')
      await manager.destroy(id)
      expect(await (await fetch(url, { headers: { cookie } })).text()).toBe('1')
    })
  })

  it('keeps the session cookie when a handler throws and onError answers', async () => {
    const app = new Hono<SessionEnv>().use(session({ secret: SUITE_SECRET, store: new MemoryStore() }))
    app.get('/', (c) => {
      c.get('session').set('seen', true)
      throw new Error('boom')
    })
    app.onError((_error, c) => c.text('oops', 500))
    await withServer(app, async (url) => {
      const res = await fetch(url)
      expect(res.status).toBe(500)
      expect(res.headers.get('vary')).toBe('Cookie')
    })
  })
})
