import { commitSession } from './commit.js'
import { createCookieWriter } from './cookie-codec.js'
import { CookieStore } from './cookie-store.js'
import { type ManagerContext, storeCall } from './context.js'
import { SessionError, scoped } from './errors.js'
import { withSessionHeaders } from './http.js'
import { destroy, regenerate, reload, save } from './lifecycle.js'
import { loadSession } from './load.js'
import { listUserSessions, revokeUserSession, revokeUserSessions, type UserSession } from './revocation.js'
import { type ResolvedOptions, resolveOptions, type SessionManagerOptions } from './options.js'
import type { Session, SessionData, SessionImpl, SessionRuntime } from './session.js'
import { generateSessionId, isSessionId, storeKey } from './session-id.js'
import { createSigner } from './signer.js'

/** Loads and commits sessions; one per app, shared by every request. */
export interface SessionManager<Data extends object = SessionData> {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>
  /**
   * The session a Cookie header carries, or a fresh one (`isNew`) for a missing, malformed,
   * tampered, expired or unknown cookie. Rejects with `SessionStoreError` only when the store fails.
   */
  load(cookieHeader: string | null | undefined): Promise<Session<Data>>
  /** Persists what changed; resolves to the Set-Cookie header values to send (maybe none). */
  commit(session: Session<Data>): Promise<string[]>
  /** Web-standard wrapper: loads, runs `handler`, commits, adds Set-Cookie, `Vary: Cookie` and `Cache-Control: private`. */
  handle(request: Request, handler: (session: Session<Data>) => Response | Promise<Response>): Promise<Response>
  /** Whether a live session has this id (Django `exists`). */
  exists(id: string): Promise<boolean>
  /** Deletes the session with this id (Django `delete`). */
  destroy(id: string): Promise<void>
  /** Deletes expired sessions the store does not expire by itself (Django `clear_expired`); resolves to how many. */
  clearExpired(): Promise<number>
  /** The live sessions of a user (see `session.setUser`), newest first; `current` is flagged. */
  listUserSessions(userId: string, current?: Session<Data>): Promise<UserSession[]>
  /** Ends every session of a user, but `except` if given ("log out everywhere", "sign out other devices"). */
  revokeUserSessions(userId: string, options?: { except?: Session<Data> }): Promise<number>
  /** Ends one session of a user by the handle `listUserSessions` gave. */
  revokeUserSession(userId: string, handle: string): Promise<boolean>
  /** Closes the store's own connections. */
  close(): Promise<void>
}

/**
 * Creates a session manager. Options are checked here, once: a missing or short secret, a cookie
 * a browser would drop, or a nonsensical duration throws `SessionConfigError` saying what to do.
 *
 * @example
 * const sessions = createSessionManager({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() })
 * const session = await sessions.load(request.headers.get('cookie'))
 * session.set('user', 'alice')
 * const setCookies = await sessions.commit(session)
 */
export function createSessionManager<Data extends object = SessionData>(options: SessionManagerOptions): SessionManager<Data> {
  const resolved = resolveOptions(options)
  const cookieStore = resolved.store instanceof CookieStore ? resolved.store : null
  const ctx = {
    options: resolved,
    store: cookieStore ? null : resolved.store,
    sealer: cookieStore ? cookieStore.createSealer(resolved.secrets, resolved.cookie.name) : null,
    signer: createSigner(resolved.secrets, 'session-id'),
    writer: createCookieWriter(resolved.cookie),
  } as ManagerContext
  ctx.runtime = createRuntime(ctx)

  const serverStore = (operation: string) => {
    if (!ctx.store) throw new SessionError(scoped('cookie', `${operation} needs a server-side store: the cookie store keeps nothing on the server, so it cannot look up or revoke a session by id.`))
    return ctx.store
  }
  const keyOf = (id: string) => storeKey(resolved.keyPrefix, id, resolved.hashIds)

  return {
    options: resolved,
    load: (header) => loadSession(ctx, header) as unknown as Promise<Session<Data>>,
    commit: (session) => commitSession(ctx, session as unknown as SessionImpl),
    async handle(request, handler) {
      const session = await loadSession(ctx, request.headers.get('cookie'))
      const response = await handler(session as unknown as Session<Data>)
      return withSessionHeaders(response, await commitSession(ctx, session))
    },
    async exists(id) {
      serverStore('exists()')
      if (typeof id !== 'string' || !isSessionId(id, resolved.idBytes)) return false
      const key = await keyOf(id)
      return (await storeCall(ctx, 'get', (store) => store.get(key))) !== null
    },
    async destroy(id) {
      serverStore('destroy()')
      if (typeof id !== 'string' || !isSessionId(id, resolved.idBytes)) return
      const key = await keyOf(id)
      await storeCall(ctx, 'delete', (store) => store.delete(key))
    },
    async clearExpired() {
      const store = ctx.store
      if (!store?.clearExpired) return 0
      return storeCall(ctx, 'clearExpired', (s) => s.clearExpired!())
    },
    listUserSessions: (userId, current) => listUserSessions(ctx, userId, current as unknown as SessionImpl | undefined),
    revokeUserSessions: (userId, opts) => revokeUserSessions(ctx, userId, opts?.except as unknown as SessionImpl | undefined),
    revokeUserSession: (userId, handle) => revokeUserSession(ctx, userId, handle),
    async close() {
      const store = ctx.store
      if (store?.close) await storeCall(ctx, 'close', (s) => s.close!())
    },
  }
}

function createRuntime(ctx: ManagerContext): SessionRuntime {
  const bytes = ctx.options.idBytes
  return {
    options: ctx.options,
    newId: () => generateSessionId(bytes),
    regenerate: (session) => regenerate(ctx, session),
    destroy: (session) => destroy(ctx, session),
    save: (session) => save(ctx, session),
    reload: (session) => reload(ctx, session),
  }
}
