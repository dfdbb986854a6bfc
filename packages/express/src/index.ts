import type { ServerResponse } from 'node:http'
import { type CookieOptions, createSessionManager, type Session, type SessionData, type SessionManager, type SessionManagerOptions, applyNodeSessionHeaders, varyNodeResponse } from '@sess/core'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { type HoldHandler, holdHeaders, releaseHeld } from './hold-headers.js'

declare global {
  namespace Express {
    interface Request {
      /** The visitor's session, loaded by `@sess/express` before your handlers run. */
      session: Session
    }
  }
}

/** Options of `session()`: the manager's options, with `cookie.secure` also accepting `'auto'`. */
export interface ExpressSessionOptions extends Omit<SessionManagerOptions, 'cookie'> {
  cookie?: Omit<CookieOptions, 'secure'> & {
    /**
     * Send only over HTTPS. `'auto'`: Secure when `req.secure` is true, which honours Express's
     * `trust proxy` setting; the cookie name then defaults to `sid` for both schemes.
     * @default true
     */
    secure?: boolean | 'auto'
  }
}

/**
 * Express middleware: loads `req.session` before your handlers and commits it before the
 * response's headers go out, whichever way the response is sent (`res.send`, `res.json`,
 * `res.redirect`, `res.end`, streaming with `res.write`, `res.writeHead`, `res.flushHeaders`).
 * Store failures reach `next(err)` as a `SessionStoreError` (status 503).
 *
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET!, store: new RedisStore({ client }) }))
 * app.get('/', (req, res) => res.send(`visits: ${req.session.get('visits', 0)}`))
 */
export function session<Data extends object = SessionData>(options: ExpressSessionOptions | SessionManager<Data>): RequestHandler {
  const managerFor = pickManager(options)
  return async function sessionMiddleware(req: Request, res: Response, next: NextFunction) {
    const manager = managerFor(req)
    varyNodeResponse(res)
    let loaded: Session
    try {
      loaded = (await manager.load(req.headers.cookie)) as Session
    } catch (error) {
      next(error)
      return
    }
    req.session = loaded
    holdHeaders<Pending>(res, COMMIT_ON_SEND, { manager, session: loaded, next })
    next()
  }
}

/** What the held response needs to finish the request's session. */
interface Pending {
  manager: SessionManager
  session: Session
  next: NextFunction
}

const COMMIT_ON_SEND: HoldHandler<Pending> = {
  async commit(res, { manager, session }) {
    sendSessionHeaders(res, await manager.commit(session))
  },
  failed(res, { next }, error) {
    if (res.headersSent) res.destroy(error as Error)
    else if (res.statusCode >= 500) releaseHeld(res) // already an error page: send it, without a cookie
    else {
      for (const name of res.getHeaderNames()) if (name !== 'vary') res.removeHeader(name)
      next(error)
    }
  },
}

function isManager<Data extends object>(value: ExpressSessionOptions | SessionManager<Data>): value is SessionManager<Data> {
  return typeof (value as SessionManager<Data>).load === 'function' && typeof (value as SessionManager<Data>).commit === 'function'
}

/** One manager, or, for `secure: 'auto'`, one per scheme sharing the store. */
function pickManager<Data extends object>(options: ExpressSessionOptions | SessionManager<Data>): (req: Request) => SessionManager {
  if (isManager(options)) return () => options as unknown as SessionManager
  const { cookie, ...rest } = options
  if (cookie?.secure !== 'auto') {
    const manager = createSessionManager({ ...rest, cookie: cookie as CookieOptions })
    return () => manager
  }
  const base = { name: 'sid', ...cookie }
  const secure = createSessionManager({ ...rest, cookie: { ...base, secure: true } })
  const plain = createSessionManager({ ...rest, cookie: { ...base, secure: false } })
  return (req) => (req.secure ? secure : plain)
}


function sendSessionHeaders(res: ServerResponse, setCookies: string[]): void {
  if (res.headersSent) {
    if (setCookies.length > 0) throw new Error('[sess] [express] The response headers went out before the session was committed, so its cookie could not be sent.')
    return
  }
  applyNodeSessionHeaders(res, setCookies)
}

export type { Session, SessionData, SessionManager, SessionManagerOptions } from '@sess/core'
