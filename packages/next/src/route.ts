import { type Session, type SessionData, type SessionManager, SessionStoreError } from '@sess/core'

/** A Route Handler that receives the session. */
export type RouteHandlerWithSession<Context, Data extends object = SessionData> = (
  request: Request,
  session: Session<Data>,
  context: Context,
) => Response | Promise<Response>

/**
 * Wraps a Route Handler: loads the session from the request, runs the handler, commits (awaiting
 * the store) and adds `Set-Cookie`, `Vary: Cookie` and `Cache-Control: private` to its response.
 * No `save()` needed. A store outage answers 503.
 */
export function wrapRoute<Data extends object, Context>(manager: SessionManager<Data>, handler: RouteHandlerWithSession<Context, Data>) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      return await manager.handle(request, (session) => handler(request, session, context))
    } catch (error) {
      if (!(error instanceof SessionStoreError)) throw error
      return new Response('Service Unavailable', { status: 503, headers: { vary: 'Cookie', 'cache-control': 'no-store' } })
    }
  }
}
