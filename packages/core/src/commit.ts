import type { ManagerContext } from './context.js'
import { expiryFrom, isBrowserSession, touchDue } from './expiry.js'
import { stampGeneration } from './generation.js'
import { persist } from './persist.js'
import { serializeRecord } from './record.js'
import type { SessionImpl } from './session.js'

/** Persists what changed and returns the Set-Cookie values the response must carry. */
export function commitSession(ctx: ManagerContext, session: SessionImpl): Promise<string[]> {
  return ctx.sealer ? commitSealed(ctx, session) : commitStored(ctx, session)
}

async function commitStored(ctx: ManagerContext, session: SessionImpl): Promise<string[]> {
  const now = ctx.options.now()
  const outcome = await persist(ctx, session, now)
  if (outcome === 'gone') return [] // clearing here could wipe the cookie a concurrent login just set
  if (outcome === 'cleared') return session._hadCookie ? [ctx.writer.clear()] : []
  const resend = outcome === 'written' || session._written || session._reissue || ctx.options.rolling || session._touch
  if (!resend || session._stored === null) return []
  return [await idCookie(ctx, session, now)]
}

async function idCookie(ctx: ManagerContext, session: SessionImpl, now: number): Promise<string> {
  const { options } = ctx
  session._cookieValue ??= options.signId ? await ctx.signer.sign(options.cookie.name, session.id) : session.id
  return ctx.writer.set(session._cookieValue, cookieExpiry(ctx, session, now), now)
}

function cookieExpiry(ctx: ManagerContext, session: SessionImpl, now: number): number | null {
  return isBrowserSession(session._record.meta, ctx.options) ? null : session._expiresAt(now)
}

/** The cookie store: the cookie is the storage, so a change means a new seal. */
async function commitSealed(ctx: ManagerContext, session: SessionImpl): Promise<string[]> {
  const { options } = ctx
  const now = options.now()
  const modified = session.isModified
  const clearing = (modified || session._cleared) && session._isEmpty()
  if (clearing) return session._hadCookie ? [ctx.writer.clear()] : []
  const stored = session._stored
  const due =
    modified ||
    session._reissue ||
    (stored === null ? options.saveUninitialized && session.isNew : options.saveEveryRequest) ||
    (stored !== null && (options.rolling || session._touch) && touchDue(stored.expiresAt, session._record.meta, options, now))
  if (!due) return []
  if (options.revocationStore) await stampGeneration(ctx, session._record.meta) // no await on the common path
  const payload = serializeRecord(options.serializer, session._record)
  const expiresAt = expiryFrom(session._record.meta, options, now)
  const value = await ctx.sealer!.seal({ id: session.id, issuedAt: now, expiresAt, payload })
  session._stored = { key: null, version: 0, payload, expiresAt }
  session._dirty = false
  session._exposed = false
  return [ctx.writer.set(value, cookieExpiry(ctx, session, now), now)]
}
