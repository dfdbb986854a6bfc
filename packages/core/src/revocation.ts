import { encodeBase64url } from './base64url.js'
import { type ManagerContext, storeCall } from './context.js'
import { SessionError, scoped } from './errors.js'
import { idleAge } from './expiry.js'
import { bumpGeneration } from './generation.js'
import { parseRecord } from './record.js'
import type { SessionImpl } from './session.js'
import { sha256 } from './crypto.js'
import type { SessionStore, StoredSession } from './store.js'

/** One of a user's sessions, as shown on a "your devices" page. Never carries the session id. */
export interface UserSession {
  /** Opaque handle for `revokeUserSession`: a hash of the store key, useless as a cookie. */
  handle: string
  createdAt: Date
  expiresAt: Date
  /** Last write or expiry refresh (accurate to `touchAfter`). */
  lastActiveAt: Date
  /** True for the session passed as `current`. */
  current: boolean
}

function userStore(ctx: ManagerContext): SessionStore & Required<Pick<SessionStore, 'listByUser'>> {
  const store = ctx.store
  if (!store?.listByUser)
    throw new SessionError(
      scoped(store?.name ?? 'cookie', 'Listing and revoking a user\'s sessions needs a server-side store with a user index (listByUser); the cookie store keeps nothing on the server.'),
    )
  return store as SessionStore & Required<Pick<SessionStore, 'listByUser'>>
}

async function handleOf(key: string): Promise<string> {
  return encodeBase64url(await sha256(key))
}

async function ownSessions(ctx: ManagerContext, userId: string): Promise<StoredSession[]> {
  const store = userStore(ctx)
  const listed = await storeCall(ctx, 'listByUser', () => store.listByUser(userId))
  return listed.filter((s) => s.key.startsWith(ctx.options.keyPrefix) && s.entry.userId === userId)
}

/** The live sessions of `userId`, newest first. */
export async function listUserSessions(ctx: ManagerContext, userId: string, current?: SessionImpl): Promise<UserSession[]> {
  const sessions = await ownSessions(ctx, userId)
  const currentKey = current?._stored?.key
  const out = await Promise.all(
    sessions.map(async ({ key, entry }) => {
      const meta = parseRecord(ctx.options.serializer, entry.data)?.meta
      const age = meta ? idleAge(meta, ctx.options) : ctx.options.lifetime
      return {
        handle: await handleOf(key),
        createdAt: new Date(entry.createdAt),
        expiresAt: new Date(entry.expiresAt),
        lastActiveAt: new Date(Math.max(entry.createdAt, entry.expiresAt - age * 1000)),
        current: key === currentKey,
      }
    }),
  )
  return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

/** Ends every session of `userId` but `except`'s ("sign out other devices"); resolves to how many ended. */
export async function revokeUserSessions(ctx: ManagerContext, userId: string, except?: SessionImpl): Promise<number> {
  if (!ctx.store && ctx.options.revocationStore) return revokeCookieSessions(ctx, userId, except)
  const keep = except?._stored?.key
  const doomed = (await ownSessions(ctx, userId)).filter((s) => s.key !== keep)
  await Promise.all(doomed.map((s) => storeCall(ctx, 'delete', (store) => store.delete(s.key))))
  return doomed.length
}

/** Ends the one session of `userId` with this handle; false if there is none. */
export async function revokeUserSession(ctx: ManagerContext, userId: string, handle: string): Promise<boolean> {
  for (const { key } of await ownSessions(ctx, userId)) {
    if ((await handleOf(key)) !== handle) continue
    await storeCall(ctx, 'delete', (store) => store.delete(key))
    return true
  }
  return false
}

/**
 * The cookie store: bump the user's generation so every cookie issued before is refused; the
 * `except` session is re-stamped and re-sealed by its commit. How many cookies that ended is
 * unknowable, so it resolves to 0.
 */
async function revokeCookieSessions(ctx: ManagerContext, userId: string, except?: SessionImpl): Promise<number> {
  const generation = await bumpGeneration(ctx, userId)
  if (except && except.userId === userId) {
    except._record.meta.g = generation
    except._dirty = true
  }
  return 0
}
