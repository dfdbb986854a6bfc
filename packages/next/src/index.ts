import type { Session, SessionData, SessionManager } from '@sess/core'
import type { NextRequest } from 'next/server'
import { getAppSession } from './app-router.js'
import { type SessionInit, toManager } from './manager.js'
import { type MiddlewareWithSession, sessionMiddleware } from './middleware.js'
import { type RouteHandlerWithSession, wrapRoute } from './route.js'

export type { SessionInit } from './manager.js'
export type { MiddlewareWithSession } from './middleware.js'
export type { RouteHandlerWithSession } from './route.js'

/**
 * App Router sessions: create them once (in `lib/session.ts`) and import them where needed.
 * This entry imports `next/headers`, which Next.js allows in the App Router only: the Pages Router
 * uses `@sess/next/pages`, middleware `@sess/next/middleware`.
 */
export interface NextSessions<Data extends object = SessionData> {
  /** The manager behind it (revoke sessions with `manager.destroy(id)`, ...). */
  readonly manager: SessionManager<Data>
  /**
   * App Router: the current request's session, through `cookies()` from `next/headers`. Read it
   * in Server Components; in Server Actions and Route Handlers change it, then
   * `await session.save()` to store it and set the cookie.
   */
  getSession(): Promise<Session<Data>>
  /**
   * App Router Route Handler with the session and automatic commit: no `save()`, and the
   * response gets `Set-Cookie`, `Vary: Cookie` and `Cache-Control: private`.
   * `export const POST = sessions.route(async (request, session) => Response.json(...))`
   */
  route<Context = unknown>(handler: RouteHandlerWithSession<Context, Data>): (request: Request, context: Context) => Promise<Response>
  /**
   * Middleware with the session (edge runtime, cookie store). Where the middleware file must not
   * import `next/headers`, use `sessionMiddleware` from `@sess/next/middleware` instead.
   */
  middleware(handler?: MiddlewareWithSession<Data>): (request: NextRequest) => Promise<Response>
}

/**
 * Sessions for the App Router (and its middleware) from manager options or a manager. Share a
 * manager with `createPagesSessions` from `@sess/next/pages` when the app uses both routers.
 *
 * @example
 * // lib/session.ts
 * import { createNextSessions } from '@sess/next'
 * export const sessions = createNextSessions({ secret: process.env.SESSION_SECRET! })
 *
 * // app/page.tsx (Server Component: read)
 * const session = await sessions.getSession()
 * // app/actions.ts ('use server': write)
 * const session = await sessions.getSession()
 * session.set('user', name)
 * await session.save()
 */
export function createNextSessions<Data extends object = SessionData>(init: SessionInit<Data>): NextSessions<Data> {
  const manager = toManager(init)
  return {
    manager,
    getSession: () => getAppSession(manager),
    route: (handler) => wrapRoute(manager, handler),
    middleware: (handler) => sessionMiddleware(manager, handler),
  }
}
