import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Session, type SessionData, type SessionManager, SessionStoreError, varyWithCookie } from '@sess/core'
import type { GetServerSideProps, GetServerSidePropsContext, GetServerSidePropsResult, NextApiHandler, NextApiRequest, NextApiResponse } from 'next'
import { type SessionInit, toManager } from './manager.js'

/** `req.session`, on Pages Router requests wrapped with `withSession`. */
export type WithSession<Req, Data extends object = SessionData> = Req & { session: Session<Data> }

/** An API route handler whose `req` carries the session. */
export type ApiHandlerWithSession<Data extends object = SessionData, Body = unknown> = (
  req: WithSession<NextApiRequest, Data>,
  res: NextApiResponse<Body>,
) => unknown | Promise<unknown>

/** A `getServerSideProps` whose `context.req` carries the session. */
export type GetServerSidePropsWithSession<Props extends Record<string, unknown>, Data extends object = SessionData> = (
  context: GetServerSidePropsContext & { req: WithSession<GetServerSidePropsContext['req'], Data> },
) => Promise<GetServerSidePropsResult<Props>>

type HeldMethod = 'writeHead' | 'write' | 'end'

/** Pages Router sessions (`@sess/next/pages`). */
export interface PagesSessions<Data extends object = SessionData> {
  /** The manager behind it. */
  readonly manager: SessionManager<Data>
  /**
   * Wraps `getServerSideProps` (`context.req.session`) or an API route (`req.session`). The
   * commit runs before the response's headers go out (`res.json()`, `res.redirect()`,
   * `res.end()` never race the store write); a store outage answers 503.
   */
  withSession<Props extends Record<string, unknown>>(handler: GetServerSidePropsWithSession<Props, Data>): GetServerSideProps<Props>
  withSession<Body = unknown>(handler: ApiHandlerWithSession<Data, Body>): NextApiHandler<Body>
}

/**
 * Sessions for the Pages Router, from manager options or a manager (share one with
 * `createNextSessions` when the app also uses the App Router). Imports nothing from `next/headers`.
 *
 * @example
 * // lib/pages-session.ts
 * export const { withSession } = createPagesSessions(manager)
 * // pages/api/visits.ts
 * export default withSession(async (req, res) => {
 *   req.session.set('visits', (req.session.get('visits') ?? 0) + 1)
 *   res.json({ visits: req.session.get('visits') })
 * })
 */
export function createPagesSessions<Data extends object = SessionData>(init: SessionInit<Data>): PagesSessions<Data> {
  const manager = toManager(init)
  return {
    manager,
    withSession: ((handler: (...args: never[]) => unknown) => wrapPages(manager, handler)) as PagesSessions<Data>['withSession'],
  }
}

/**
 * `getServerSideProps`: load, run, commit before Next renders (headers are still open then).
 * API routes: load, then hold `writeHead` / `write` / `end` until the commit has set its headers,
 * so `res.json()`, `res.redirect()` and `res.end()` never race the store write.
 */
export function wrapPages<Data extends object>(manager: SessionManager<Data>, handler: (...args: never[]) => unknown) {
  return async function withSessionHandler(...args: unknown[]): Promise<unknown> {
    const gssp = args.length === 1
    const { req, res } = (gssp ? args[0] : { req: args[0], res: args[1] }) as { req: IncomingMessage; res: ServerResponse }
    const session = await loadOr503(manager, req, res)
    if (!session) return gssp ? { props: {} } : undefined
    ;(req as WithSession<IncomingMessage, Data>).session = session
    if (gssp) {
      const result = await handler(...(args as never[]))
      setHeaders(res, await manager.commit(session)) // a store failure here reaches Next's error page (500)
      return result
    }
    const settled = holdUntilCommitted(res, () => manager.commit(session))
    const result = await handler(...(args as never[]))
    await settled() // so Next sees the response sent when the handler resolves
    return result
  }
}

async function loadOr503<Data extends object>(manager: SessionManager<Data>, req: IncomingMessage, res: ServerResponse): Promise<Session<Data> | null> {
  try {
    return await manager.load(req.headers.cookie)
  } catch (error) {
    if (!(error instanceof SessionStoreError)) throw error
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', vary: 'Cookie', 'cache-control': 'no-store' }).end('Service Unavailable')
    return null
  }
}

function setHeaders(res: ServerResponse, setCookies: readonly string[]): void {
  res.setHeader('vary', varyWithCookie(res.getHeader('vary') as string | undefined))
  if (setCookies.length === 0) return
  const existing = res.getHeader('set-cookie')
  res.setHeader('set-cookie', [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]), ...setCookies])
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'private')
}

/**
 * The first `writeHead`, `write` or `end` starts the commit; it and later calls are queued and
 * replayed once the commit has set its headers. A store failure answers 503 instead.
 */
function holdUntilCommitted(res: ServerResponse, commit: () => Promise<string[]>): () => Promise<void> {
  const target = res as unknown as Record<HeldMethod, (...args: unknown[]) => unknown>
  const original = { writeHead: target.writeHead, write: target.write, end: target.end }
  const queue: [HeldMethod, unknown[]][] = []
  let state: 'open' | 'committing' | 'released' = 'open'
  let committed: Promise<void> = Promise.resolve()
  const replay = () => {
    state = 'released'
    for (const [method, args] of queue.splice(0)) original[method].apply(res, args)
  }
  for (const method of ['writeHead', 'write', 'end'] as const) {
    target[method] = function held(this: ServerResponse, ...args: unknown[]) {
      if (state === 'released') return original[method].apply(this, args)
      queue.push([method, method === 'writeHead' ? absorbHeaders(res, args) : args])
      if (state === 'open') {
        state = 'committing'
        committed = commit().then(
          (setCookies) => {
            setHeaders(res, setCookies)
            replay()
          },
          (error: unknown) => {
            state = 'released'
            queue.length = 0
            if (!(error instanceof SessionStoreError)) {
              res.destroy(error as Error)
              return
            }
            for (const name of res.getHeaderNames()) res.removeHeader(name)
            res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', vary: 'Cookie', 'cache-control': 'no-store' }).end('Service Unavailable')
          },
        )
      }
      return method === 'write' ? true : this
    }
  }
  return () => committed
}

/** `writeHead(status, headers)` would override the commit's headers: set them on the response now, queue the status only. */
function absorbHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  if (typeof args[0] === 'number') res.statusCode = args[0]
  const last = args.at(-1)
  if (typeof last !== 'object' || last === null || Array.isArray(last)) return args
  for (const [name, value] of Object.entries(last)) if (value !== undefined) res.setHeader(name, value as string)
  return args.slice(0, -1)
}
