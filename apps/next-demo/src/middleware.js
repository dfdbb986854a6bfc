// Edge middleware: counts visits to the home page and hands its flash messages to the page (a
// Server Component can read the session but not write it, and showing a flash removes it).
// Every response also gets Vary: Cookie from here.
import { sessionMiddleware } from '@sess/next/middleware'
import { sessionOptions } from './lib/options.js'

export const middleware = sessionMiddleware(sessionOptions(), (request, session) => {
  request.headers.delete('x-demo-flashes') // only the middleware may set it
  const page = request.method === 'GET' && request.nextUrl.pathname === '/' && !request.headers.has('rsc')
  if (!page) return
  session.set('visits', (session.get('visits') ?? 0) + 1)
  request.headers.set('x-demo-flashes', encodeURIComponent(JSON.stringify(session.flashes())))
})

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
