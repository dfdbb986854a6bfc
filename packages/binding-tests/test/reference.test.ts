import type { IncomingMessage, ServerResponse } from 'node:http'
import { createSessionManager, type Session, SessionStoreError, type SessionManagerOptions } from '@sess/core'
import { describeBinding, type RouteSessionData, serveNode } from '../src/index.js'

// The suite's own proof that it passes on a correct binding: a bare node:http one, no framework.
describeBinding('reference (node:http)', { start: (options) => serveNode(referenceApp(options)) })

function referenceApp(options: SessionManagerOptions) {
  const sessions = createSessionManager<RouteSessionData>(options)
  return async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('vary', 'Cookie')
    try {
      const session = await sessions.load(req.headers.cookie)
      const [status, body, headers] = await route(req, session)
      for (const cookie of await sessions.commit(session)) res.appendHeader('set-cookie', cookie)
      if (res.hasHeader('set-cookie')) res.setHeader('cache-control', 'private')
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body)
    } catch (error) {
      res.writeHead(error instanceof SessionStoreError ? error.status : 500).end('store down')
    }
  }
}

async function route(req: IncomingMessage, session: Session<RouteSessionData>): Promise<[number, string, Record<string, string>?]> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  switch (`${req.method} ${url.pathname}`) {
    case 'GET /count': {
      const count = session.get('count', 0) + 1
      session.set('count', count)
      return [200, String(count)]
    }
    case 'GET /peek':
      return [200, String(session.get('count') ?? 'none')]
    case 'POST /login': {
      const name = url.searchParams.get('name') ?? ''
      await session.regenerate()
      session.set('user', name)
      session.flash(`welcome ${name}`)
      return [303, '', { location: '/me' }]
    }
    case 'GET /me':
      return [200, JSON.stringify({ user: session.get('user') ?? null, flashes: session.flashes() }), { 'content-type': 'application/json' }]
    case 'POST /logout':
      await session.destroy()
      return [200, 'bye']
    case 'GET /browser':
      session.permanent = false
      session.set('b', 1)
      return [200, 'ok']
    default:
      return [404, 'not found']
  }
}
