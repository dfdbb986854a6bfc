import { createSessionManager, type Session, type SessionData, type SessionManager, type SessionManagerOptions, SessionStoreError } from '@sess/core'
import type { Middleware, ParameterizedContext } from 'koa'

declare module 'koa' {
  interface DefaultContext {
    /** The visitor's session, loaded by `@sess/koa` before downstream middleware runs. */
    session: Session
  }
}

/**
 * Koa middleware: loads `ctx.session` before `await next()` and commits it after, before Koa
 * sends the response, then adds `Set-Cookie`, `Vary: Cookie` and `Cache-Control: private`.
 * A store failure is thrown as the `SessionStoreError` itself with `status` 503 and
 * `expose` false (Koa answers 503 Service Unavailable unless your error handler does otherwise).
 *
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET!, store: new RedisStore({ client }) }))
 * app.use((ctx) => { ctx.session.set('visits', ctx.session.get('visits', 0) + 1) })
 */
export function session<Data extends object = SessionData>(options: SessionManagerOptions | SessionManager<Data>): Middleware {
  const manager = (isManager(options) ? options : createSessionManager(options)) as unknown as SessionManager
  return async function sessionMiddleware(ctx, next) {
    ctx.vary('Cookie')
    const loaded = (await storeCall(() => manager.load(ctx.get('cookie')))) as Session
    ctx.session = loaded
    await next()
    const setCookies = await storeCall(() => manager.commit(loaded))
    sendSessionHeaders(ctx, setCookies)
  }
}

function isManager<Data extends object>(value: SessionManagerOptions | SessionManager<Data>): value is SessionManager<Data> {
  return typeof (value as SessionManager<Data>).load === 'function' && typeof (value as SessionManager<Data>).commit === 'function'
}

/** Rethrows a store failure as Koa's HTTP errors look: status 503, message not exposed, `Vary` kept. */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof SessionStoreError) Object.assign(error, { expose: false, headers: { Vary: 'Cookie' } })
    throw error
  }
}

function sendSessionHeaders(ctx: ParameterizedContext, setCookies: string[]): void {
  if (ctx.headerSent) {
    // The app wrote to ctx.res by hand: the store is up to date, but the cookie cannot follow.
    if (setCookies.length > 0) throw new Error('[sess] [koa] The response headers went out before the session was committed, so its cookie could not be sent.')
    return
  }
  ctx.vary('Cookie') // again: the app may have replaced Vary downstream
  if (setCookies.length === 0) return
  ctx.append('Set-Cookie', setCookies)
  if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'private')
}

export type { Session, SessionData, SessionManager, SessionManagerOptions } from '@sess/core'
