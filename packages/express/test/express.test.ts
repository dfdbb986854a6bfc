import { once } from 'node:events'
import { Readable } from 'node:stream'
import { createClient, createSwitchableStore, describeBinding, serveNode, SUITE_SECRET } from '@sess/binding-tests'
import { createSessionManager, MemoryStore, SessionStoreError, type SessionStore } from '@sess/core'
import compression from 'compression'
import type { ErrorRequestHandler } from 'express'
import { describe, expect, it } from 'vitest'
import { session } from '../src/index.js'
import { buildApp, expressVersions, route } from './app.js'

for (const [label, express] of expressVersions) {
  describeBinding(label, { start: (options) => serveNode(buildApp(express, options)) })

  describe(`${label}: what is special to Express`, () => {
    const cookieName = '__Host-sid'

    /** An app with the suite's routes plus `extra` ones, served for the length of `run`. */
    async function withApp(store: SessionStore, extra: (app: ReturnType<typeof buildApp>) => void, run: (url: string) => Promise<void>) {
      const app = buildApp(express, { secret: SUITE_SECRET, store })
      extra(app)
      const server = await serveNode(app)
      try {
        await run(server.url)
      } finally {
        await server.close()
      }
    }

    it('finishes the store write of a login before the redirect goes out, even with a slow store', async () => {
      const inner = new MemoryStore()
      const log: string[] = []
      const slow: SessionStore = {
        ...bind(inner),
        async set(key, entry, condition) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          log.push('stored')
          return inner.set(key, entry, condition)
        },
      }
      await withApp(slow, () => {}, async (url) => {
        const client = createClient(url, cookieName)
        const login = await client.post('/login?name=erin')
        log.push('response')
        expect(login.status).toBe(303)
        expect(login.sessionCookie).toBeDefined()
        expect(log).toEqual(['stored', 'response'])
        expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'erin', flashes: ['welcome erin'] })
      })
    })

    it('commits before a streamed response: res.write, backpressure with drain, and pipe', async () => {
      const chunk = 'x'.repeat(64 * 1024)
      await withApp(new MemoryStore(), (app) => {
        app.get('/write', (req, res) => {
          req.session.set('streamed', true)
          res.write('a')
          res.write('b')
          res.end('c')
        })
        app.get('/drain', route(async (req, res) => {
          req.session.set('streamed', true)
          for (let i = 0; i < 64; i++) if (!res.write(chunk)) await once(res, 'drain')
          res.end()
        }))
        app.get('/pipe', (req, res) => {
          req.session.set('streamed', true)
          Readable.from(Array.from({ length: 64 }, () => chunk)).pipe(res)
        })
      }, async (url) => {
        const write = await createClient(url, cookieName).get('/write')
        expect(write.body).toBe('abc')
        expect(write.sessionCookie).toBeDefined()
        for (const path of ['/drain', '/pipe']) {
          const res = await createClient(url, cookieName).get(path)
          expect(res.status, path).toBe(200)
          expect(res.body.length, path).toBe(64 * chunk.length)
          expect(res.sessionCookie, path).toBeDefined()
        }
      })
    })

    it('commits before res.writeHead (keeping its headers) and res.flushHeaders', async () => {
      await withApp(new MemoryStore(), (app) => {
        app.get('/head', (req, res) => {
          req.session.set('streamed', true)
          res.writeHead(201, { Vary: 'Accept', 'Content-Type': 'text/plain', 'Set-Cookie': 'theme=dark; Path=/' }).end('made')
        })
        app.get('/flush', (req, res) => {
          req.session.set('streamed', true)
          res.flushHeaders()
          setTimeout(() => res.end('later'), 10)
        })
      }, async (url) => {
        const head = await createClient(url, cookieName).get('/head')
        expect([head.status, head.body]).toEqual([201, 'made'])
        expect(head.headers.get('vary')).toBe('Accept, Cookie')
        expect(head.setCookies.map((c) => c.name).sort()).toEqual([cookieName, 'theme'].sort())
        const flush = await createClient(url, cookieName).get('/flush')
        expect(flush.body).toBe('later')
        expect(flush.sessionCookie).toBeDefined()
      })
    })

    it('passes a SessionStoreError (status 503) to next(err), from load and from commit', async () => {
      const store = createSwitchableStore()
      const seen: unknown[] = []
      const onError: ErrorRequestHandler = (error, _req, res, _next) => {
        seen.push(error)
        res.status(error.status ?? 500).send('custom error page')
      }
      await withApp(store, (app) => {
        app.get('/write-while-down', (req, res) => {
          store.down = true
          req.session.set('count', 99)
          res.send('should not be sent')
        })
        app.use(onError)
      }, async (url) => {
        const client = createClient(url, cookieName)
        expect((await client.get('/count')).body).toBe('1')
        store.down = true
        const loading = await client.get('/peek')
        store.down = false
        const committing = await client.get('/write-while-down')
        store.down = false
        for (const res of [loading, committing]) {
          expect(res.status).toBe(503)
          expect(res.body).toBe('custom error page')
          expect(res.setCookies).toEqual([])
        }
        expect(seen).toHaveLength(2)
        for (const error of seen) {
          expect(error).toBeInstanceOf(SessionStoreError)
          expect((error as SessionStoreError).status).toBe(503)
        }
        expect((await client.get('/peek')).body).toBe('1')
      })
    })

    it('answers 503 with the default error handler when the commit fails', async () => {
      const store = createSwitchableStore()
      await withApp(store, (app) => {
        app.get('/write-while-down', (req, res) => {
          store.down = true
          req.session.set('count', 99)
          res.json({ sent: true })
        })
      }, async (url) => {
        const res = await createClient(url, cookieName).get('/write-while-down')
        store.down = false
        expect(res.status).toBe(503)
        expect(res.body).not.toContain('sent')
        expect(res.headers.get('content-type')).toMatch(/html/)
      })
    })

    it('commits through compression mounted before or after the session, from the first request on', async () => {
      const body = 'compressible '.repeat(2000)
      for (const order of ['compression first', 'session first'] as const) {
        const app = express()
        const middleware = [compression({ threshold: 0 }), session({ secret: SUITE_SECRET, store: new MemoryStore() })]
        app.use(...(order === 'compression first' ? middleware : middleware.reverse()))
        app.get('/big', (req, res) => {
          req.session.set('count', req.session.get('count', 0) + 1)
          res.type('text').send(body)
        })
        app.get('/stream', (req, res) => {
          req.session.set('streamed', true)
          res.type('text')
          Readable.from(Array.from({ length: 16 }, () => body)).pipe(res)
        })
        const server = await serveNode(app)
        try {
          const client = createClient(server.url, cookieName)
          for (const expected of [1, 2]) {
            const res = await client.get('/big')
            expect(res.headers.get('content-encoding'), order).toBe('gzip')
            expect(res.body, order).toBe(body)
            expect(res.sessionCookie, `${order}: request ${expected} sets the cookie`).toBeDefined()
          }
          const streamed = await client.get('/stream')
          expect(streamed.headers.get('content-encoding'), order).toBe('gzip')
          expect(streamed.body.length, order).toBe(16 * body.length)
          expect(streamed.sessionCookie, order).toBeDefined()
        } finally {
          await server.close()
        }
      }
    })

    it('commits both sessions when two session middlewares (two cookie names) hold one response', async () => {
      const app = express()
      app.use(session({ secret: SUITE_SECRET, store: new MemoryStore(), cookie: { name: 'site' } }))
      app.use((req, _res, next) => {
        ;(req as unknown as { site: typeof req.session }).site = req.session
        next()
      })
      app.use(session({ secret: SUITE_SECRET, store: new MemoryStore(), cookie: { name: 'admin' } }))
      app.get('/both', (req, res) => {
        const site = (req as unknown as { site: typeof req.session }).site
        site.set('count', site.get('count', 0) + 1)
        req.session.set('count', req.session.get('count', 0) + 10)
        res.send(`${site.get('count')} ${req.session.get('count')}`)
      })
      const server = await serveNode(app)
      try {
        const client = createClient(server.url, 'site')
        const first = await client.get('/both')
        expect(first.body).toBe('1 10')
        expect(first.setCookies.map((c) => c.name).sort()).toEqual(['admin', 'site'])
        expect((await client.get('/both')).body).toBe('2 20')
      } finally {
        await server.close()
      }
    })

    it('commits when a mounted sub-app or its parent sends the response', async () => {
      const parent = express()
      const sub = express()
      sub.use(session({ secret: SUITE_SECRET, store: new MemoryStore() }))
      sub.get('/count', (req, res) => {
        const count = req.session.get('count', 0) + 1
        req.session.set('count', count)
        res.send(String(count))
      })
      sub.get('/handoff', (req, _res, next) => {
        req.session.set('count', 100)
        next() // leaves the sub-app: Express puts the parent's response prototype back
      })
      parent.use('/sub', sub)
      parent.get('/sub/handoff', (_req, res) => {
        res.send('sent by the parent')
      })
      const server = await serveNode(parent)
      try {
        const client = createClient(server.url, cookieName)
        expect((await client.get('/sub/count')).body).toBe('1')
        expect((await client.get('/sub/count')).body).toBe('2')
        const handoff = await client.get('/sub/handoff')
        expect(handoff.body).toBe('sent by the parent')
        expect(handoff.sessionCookie).toBeDefined()
        expect((await client.get('/sub/count')).body).toBe('101')
      } finally {
        await server.close()
      }
    })

    it("with secure: 'auto', marks the cookie Secure only for HTTPS as seen through trust proxy", async () => {
      const app = express()
      app.set('trust proxy', 'loopback')
      app.use(session({ secret: SUITE_SECRET, store: new MemoryStore(), cookie: { secure: 'auto' } }))
      app.get('/count', (req, res) => {
        req.session.set('count', 1)
        res.send('1')
      })
      const server = await serveNode(app)
      try {
        const plain = await createClient(server.url, 'sid').request('GET', '/count', undefined)
        const viaProxy = await fetch(`${server.url}/count`, { headers: { 'x-forwarded-proto': 'https' } })
        expect(plain.sessionCookie?.attributes.has('secure')).toBe(false)
        expect(viaProxy.headers.getSetCookie()[0]).toMatch(/^sid=.*; Secure/)
      } finally {
        await server.close()
      }
    })

    it('accepts a ready SessionManager', async () => {
      const manager = createSessionManager({ secret: SUITE_SECRET, store: new MemoryStore(), cookie: { name: 'app' } })
      const server = await serveNode(buildApp(express, manager))
      try {
        const client = createClient(server.url, 'app')
        expect((await client.get('/count')).sessionCookie?.name).toBe('app')
        expect((await client.get('/count')).body).toBe('2')
      } finally {
        await server.close()
      }
      // Type-level: a manager of another data shape is accepted too.
      expect(typeof session(createSessionManager<{ cart: string[] }>({ secret: SUITE_SECRET }))).toBe('function')
    })
  })
}

function bind(store: SessionStore): SessionStore {
  return {
    name: store.name,
    get: (key) => store.get(key),
    set: (key, entry, condition) => store.set(key, entry, condition),
    delete: (key) => store.delete(key),
    touch: (key, expiresAt) => store.touch!(key, expiresAt),
  }
}
