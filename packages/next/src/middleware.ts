import { applySessionHeaders, type Session, type SessionData, SessionStoreError } from '@sess/core'
import { type NextRequest, NextResponse } from 'next/server'
import { type SessionInit, toManager } from './manager.js'

/** What the middleware runs with the session; return a response (redirect, rewrite, ...) or nothing to go on. */
export type MiddlewareWithSession<Data extends object = SessionData> = (
  request: NextRequest,
  session: Session<Data>,
) => Response | undefined | Promise<Response | undefined>

/**
 * Next.js middleware (edge runtime) with the session: loads it from the request, runs `handler`
 * (guard routes, count visits, ...), commits and adds `Set-Cookie`, `Vary: Cookie` and, when it
 * sets the cookie, `Cache-Control: private`. A cookie it sets is also passed on to the page or
 * route in the same request, so they read what the middleware wrote.
 *
 * The edge runtime reaches no TCP database: use the cookie store (the default) here, or a store
 * that speaks HTTP. Imports nothing from `next/headers` or `node:`.
 *
 * @example
 * // middleware.ts
 * import { sessionMiddleware } from '@sess/next/middleware'
 * export const middleware = sessionMiddleware({ secret: process.env.SESSION_SECRET! }, (request, session) => {
 *   if (request.nextUrl.pathname.startsWith('/account') && !session.has('user'))
 *     return NextResponse.redirect(new URL('/login', request.url))
 * })
 */
export function sessionMiddleware<Data extends object = SessionData>(init: SessionInit<Data>, handler?: MiddlewareWithSession<Data>) {
  const manager = toManager(init)
  const name = manager.options.cookie.name
  return async function middleware(request: NextRequest): Promise<Response> {
    let returned: Response | undefined
    let setCookies: string[]
    try {
      const session = await manager.load(request.headers.get('cookie'))
      returned = (await handler?.(request, session)) ?? undefined
      setCookies = await manager.commit(session)
    } catch (error) {
      if (!(error instanceof SessionStoreError)) throw error
      return new NextResponse('Service Unavailable', { status: 503, headers: { vary: 'Cookie', 'cache-control': 'no-store' } })
    }
    const response = returned ?? NextResponse.next({ request: { headers: forwardedHeaders(request, name, setCookies) } })
    applySessionHeaders(response.headers, setCookies)
    return response
  }
}

/** The request headers the page or route sees: its Cookie header updated with what the middleware set. */
function forwardedHeaders(request: NextRequest, name: string, setCookies: readonly string[]): Headers {
  const headers = new Headers(request.headers)
  const line = setCookies.findLast((value) => value.startsWith(`${name}=`))
  if (line === undefined) return headers
  const end = line.indexOf(';')
  const value = line.slice(name.length + 1, end < 0 ? undefined : end)
  const cleared = /;\s*max-age=0/i.test(line)
  const others = (request.headers.get('cookie') ?? '').split(';').map((pair) => pair.trim()).filter((pair) => pair && !pair.startsWith(`${name}=`))
  headers.set('cookie', [...others, ...(cleared ? [] : [`${name}=${value}`])].join('; '))
  return headers
}
