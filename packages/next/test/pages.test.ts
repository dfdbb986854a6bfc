// withSession's hold on writeHead/write/end, on a plain Node server (the built app covers the rest).
import { createSwitchableStore, serveNode, SUITE_SECRET } from '@sess/binding-tests'
import { MemoryStore, type Session } from '@sess/core'
import type { NextApiRequest, NextApiResponse } from 'next'
import { describe, expect, it } from 'vitest'
import { createPagesSessions } from '../src/pages.js'

type Handler = (req: NextApiRequest & { session: Session }, res: NextApiResponse) => unknown

async function serve(store: ReturnType<typeof createSwitchableStore> | MemoryStore, handler: Handler) {
  const { withSession } = createPagesSessions({ secret: SUITE_SECRET, store })
  const api = withSession(handler as never) as unknown as (req: unknown, res: unknown) => Promise<void>
  return serveNode((req, res) => void api(req, res))
}

describe('@sess/next/pages withSession (API routes)', () => {
  it('commits before writeHead(status, headers) sends the headers, keeping both sets of headers', async () => {
    const server = await serve(new MemoryStore(), (req, res) => {
      req.session.set('user', 'ada')
      res.writeHead(302, { location: '/next', vary: 'Accept' }).end()
    })
    try {
      const res = await fetch(server.url, { redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/next')
      expect(res.headers.get('vary')).toBe('Accept, Cookie')
      expect(res.headers.getSetCookie()).toHaveLength(1)
      expect(res.headers.get('cache-control')).toBe('private')
    } finally {
      await server.close()
    }
  })

  it('holds streamed writes until the commit, then sends them in order', async () => {
    const server = await serve(new MemoryStore(), (req, res) => {
      req.session.set('n', 1)
      res.write('a')
      res.write('b')
      res.end('c')
    })
    try {
      const res = await fetch(server.url)
      expect(await res.text()).toBe('abc')
      expect(res.headers.getSetCookie()).toHaveLength(1)
    } finally {
      await server.close()
    }
  })

  it('answers 503, not a fresh session, when the store is down', async () => {
    const store = createSwitchableStore()
    const server = await serve(store, (req, res) => {
      req.session.set('n', ((req.session.get('n') as number) ?? 0) + 1)
      res.end(String(req.session.get('n')))
    })
    try {
      const first = await fetch(server.url)
      const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!
      store.down = true
      for (const headers of [{ cookie }, {}] as Record<string, string>[]) {
        const res = await fetch(server.url, { headers })
        expect(res.status).toBe(503)
        expect(res.headers.getSetCookie()).toEqual([])
        expect(res.headers.get('vary')).toBe('Cookie')
      }
      store.down = false
      expect(await (await fetch(server.url, { headers: { cookie } })).text()).toBe('2')
    } finally {
      await server.close()
    }
  })
})
