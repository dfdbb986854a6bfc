import { applyNodeSessionHeaders, createSessionManager, type Session, type SessionData, type SessionManager, type SessionManagerOptions, SessionStoreError, varyNodeResponse } from '@sess/core'
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
    varyNodeResponse(ctx.res)
    let loaded: Session
    let setCookies: string[]
    try {
      loaded = (await manager.load(ctx.req.headers.cookie)) as Session
    } catch (error) {
      throw asKoaError(error)
    }
    ctx.session = loaded
    await next()
    try {
      setCookies = await manager.commit(loaded)
    } catch (error) {
      throw asKoaError(error)
    }
    sendSessionHeaders(ctx, setCookies)
  }
}

function isManager<Data extends object>(value: SessionManagerOptions | SessionManager<Data>): value is SessionManager<Data> {
  return typeof (value as SessionManager<Data>).load === 'function' && typeof (value as SessionManager<Data>).commit === 'function'
}

/** A store failure made to look as Koa's HTTP errors do: status 503, message not exposed, `Vary` kept. */
function asKoaError(error: unknown): unknown {
  if (error instanceof SessionStoreError) Object.assign(error, { expose: false, headers: { Vary: 'Cookie' } })
  return error
}

function sendSessionHeaders(ctx: ParameterizedContext, setCookies: string[]): void {
  if (ctx.headerSent) {
    // The app wrote to ctx.res by hand: the store is up to date, but the cookie cannot follow.
    if (setCookies.length > 0) throw new Error('[sess] [koa] The response headers went out before the session was committed, so its cookie could not be sent.')
    return
  }
  applyNodeSessionHeaders(ctx.res, setCookies) // Vary again: the app may have replaced it downstream
}

export type { Session, SessionData, SessionManager, SessionManagerOptions } from '@sess/core'
