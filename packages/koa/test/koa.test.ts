import { Readable } from 'node:stream'
import { createClient, createSwitchableStore, describeBinding, serveNode, SUITE_SECRET } from '@sess/binding-tests'
import { createSessionManager, MemoryStore, type SessionManager, SessionStoreError, type SessionStore } from '@sess/core'
import type { Middleware } from 'koa'
import { describe, expect, it } from 'vitest'
import { buildApp, koaVersions } from './app.js'

for (const [label, Koa] of koaVersions) {
  describeBinding(label, { start: (options) => serveNode(buildApp(Koa, options).callback()) })

  describe(`${label}: what is special to Koa`, () => {
    const cookieName = '__Host-sid'

    async function withApp(store: SessionStore | SessionManager, middleware: Middleware[], run: (url: string) => Promise<void>, before?: Middleware) {
      const options = 'load' in store ? store : { secret: SUITE_SECRET, store }
      const app = buildApp(Koa, options, ...middleware)
      if (before) app.middleware.unshift(before)
      const server = await serveNode(app.callback())
      try {
        await run(server.url)
      } finally {
        await server.close()
      }
    }

    it('throws the SessionStoreError with status 503 and expose false, from load and from commit', async () => {
      const store = createSwitchableStore()
      const seen: unknown[] = []
      const catcher: Middleware = async (ctx, next) => {
        try {
          await next()
        } catch (error) {
          seen.push(error)
          throw error
        }
      }
      const goDown: Middleware = async (ctx, next) => {
        if (ctx.path !== '/write-while-down') return next()
        store.down = true
        ctx.session.set('count', 99)
        ctx.body = 'should not be sent'
      }
      await withApp(store, [goDown], async (url) => {
        const client = createClient(url, cookieName)
        expect((await client.get('/count')).body).toBe('1')
        store.down = true
        const loading = await client.get('/peek')
        store.down = false
        const committing = await client.get('/write-while-down')
        store.down = false
        for (const res of [loading, committing]) {
          expect(res.status).toBe(503)
          expect(res.body).toBe('Service Unavailable')
          expect(res.headers.get('vary')).toBe('Cookie')
          expect(res.setCookies).toEqual([])
        }
        expect(seen).toHaveLength(2)
        for (const error of seen) {
          expect(error).toBeInstanceOf(SessionStoreError)
          expect(error).toMatchObject({ status: 503, expose: false })
        }
        expect((await client.get('/peek')).body).toBe('1')
      }, catcher)
    })

    it('sets the cookie on a streamed body and keeps a Vary the app replaced', async () => {
      const stream: Middleware = async (ctx, next) => {
        if (ctx.path === '/stream') {
          ctx.session.set('count', 7)
          ctx.set('Vary', 'Accept')
          ctx.body = Readable.from(['a', 'b', 'c'])
          return
        }
        await next()
      }
      await withApp(new MemoryStore(), [stream], async (url) => {
        const client = createClient(url, cookieName)
        const res = await client.get('/stream')
        expect(res.body).toBe('abc')
        expect(res.headers.get('vary')).toBe('Accept, Cookie')
        expect(res.sessionCookie).toBeDefined()
        expect((await client.get('/peek')).body).toBe('7')
      })
    })

    it('still updates the store when the app writes ctx.res itself, and reports the cookie it could not send', async () => {
      const store = new MemoryStore()
      const errors: unknown[] = []
      const manual: Middleware = async (ctx, next) => {
        if (ctx.path !== '/manual') return next()
        ctx.session.set('count', 5)
        ctx.respond = false
        ctx.res.end('by hand')
      }
      const app = buildApp(Koa, { secret: SUITE_SECRET, store }, manual)
      app.on('error', (error) => errors.push(error))
      const server = await serveNode(app.callback())
      try {
        const res = await fetch(`${server.url}/manual`)
        expect(await res.text()).toBe('by hand')
        await expect.poll(() => errors.length).toBe(1)
        expect(String(errors[0])).toContain('headers went out before the session was committed')
        expect(store.size).toBe(1)
      } finally {
        await server.close()
      }
    })

    it('accepts a ready SessionManager', async () => {
      const manager = createSessionManager({ secret: SUITE_SECRET, store: new MemoryStore(), cookie: { name: 'app' } })
      await withApp(manager, [], async (url) => {
        const client = createClient(url, 'app')
        expect((await client.get('/count')).sessionCookie?.name).toBe('app')
        expect((await client.get('/count')).body).toBe('2')
      })
    })
  })
}
