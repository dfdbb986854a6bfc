import {
  applySessionHeaders,
  createSessionManager,
  type Session,
  type SessionData,
  type SessionManager,
  type SessionManagerOptions,
  SessionStoreError,
} from '@sess/core'
import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'

/**
 * The context variables `session()` sets. Type your app with them to type `c.get('session')`:
 *
 * @example
 * const app = new Hono<{ Variables: SessionVariables }>()
 * app.get('/', (c) => c.text(String(c.get('session').get('user'))))
 */
export type SessionVariables<Data extends object = SessionData> = {
  /** The request's session, loaded before your handlers run and committed after them. */
  session: Session<Data>
}

/** The Hono environment `session()` provides: `new Hono<SessionEnv>()`. */
export type SessionEnv<Data extends object = SessionData> = { Variables: SessionVariables<Data> }

/**
 * Session middleware for Hono. Loads the session before `await next()` and commits it after,
 * awaiting the store write before the response leaves; adds `Set-Cookie`, `Vary: Cookie` and,
 * when a cookie is set, `Cache-Control: private` (unless you set your own).
 *
 * A store outage throws `HTTPException(503)` whose `cause` is the `SessionStoreError`: the default
 * error handler answers 503; an `app.onError` handler sees it first.
 *
 * Uses nothing from `node:`: runs on Node, Bun, Deno, Cloudflare Workers.
 *
 * @param init Manager options (`secret`, `store`, ...) or a manager from `createSessionManager`
 * (share one manager between the middleware and code that revokes sessions).
 *
 * @example
 * const app = new Hono<SessionEnv>()
 * app.use(session({ secret: env.SESSION_SECRET, store: new CookieStore() }))
 * app.get('/count', (c) => {
 *   const session = c.get('session')
 *   const count = session.get('count', 0) + 1
 *   session.set('count', count)
 *   return c.text(String(count))
 * })
 */
export function session<Data extends object = SessionData>(
  init: SessionManagerOptions | SessionManager<Data>,
): MiddlewareHandler<SessionEnv<Data>> {
  const manager = isManager<Data>(init) ? init : createSessionManager<Data>(init)
  return async (c, next) => {
    const current = await outageAs503(manager.load(c.req.header('cookie')))
    c.set('session', current)
    await next()
    const setCookies = await outageAs503(manager.commit(current))
    setSessionHeaders(c, setCookies)
  }
}

/** The session a `session()` middleware loaded, typed (handy where `c` is not typed with `SessionEnv`). */
export function getSession<Data extends object = SessionData>(c: { get(key: 'session'): unknown }): Session<Data> {
  const current = c.get('session') as Session<Data> | undefined
  if (!current) throw new Error("[sess] [hono] No session on this context: add app.use(session({ secret, store })) before this route.")
  return current
}

function isManager<Data extends object>(init: SessionManagerOptions | SessionManager<Data>): init is SessionManager<Data> {
  return typeof (init as SessionManager<Data>).load === 'function' && typeof (init as SessionManager<Data>).commit === 'function'
}

/** A store outage becomes a 503 (never a fresh session); the store's message stays out of the body. */
async function outageAs503<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending
  } catch (error) {
    if (!(error instanceof SessionStoreError)) throw error
    const res = new Response('Service Unavailable', {
      status: error.status,
      headers: { 'content-type': 'text/plain; charset=UTF-8', vary: 'Cookie', 'cache-control': 'no-store' },
    })
    throw new HTTPException(503, { res, message: error.message, cause: error })
  }
}

function setSessionHeaders(c: { res: Response | undefined }, setCookies: string[]): void {
  const res = c.res as Response
  try {
    applySessionHeaders(res.headers, setCookies)
  } catch {
    // Immutable headers (a `fetch()` response passed through): copy, with a fresh Headers object
    // (@hono/node-server's Response would keep the immutable one). Clearing first stops Hono's
    // setter from merging the old headers back over ours (it would drop the new Set-Cookie).
    const copy = new Response(res.body, { status: res.status, statusText: res.statusText, headers: new Headers(res.headers) })
    applySessionHeaders(copy.headers, setCookies)
    c.res = undefined
    c.res = copy
  }
}
