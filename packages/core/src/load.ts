import { readCookieValues } from './cookie-codec.js'
import { type ManagerContext, storeCall } from './context.js'
import { absoluteEnd } from './expiry.js'
import { isRevoked } from './generation.js'
import { emptyRecord, parseRecord, type SessionMeta } from './record.js'
import { SessionImpl } from './session.js'
import { isSessionId, storeKey } from './session-id.js'

/** How far in the future a creation time may lie before the token is refused (clock skew). */
const FUTURE_SKEW_MS = 60_000

/**
 * The session a Cookie header carries, or a fresh one. Bad cookies of every kind give a fresh
 * session; only a store failure throws (`SessionStoreError`), so an outage never looks like a logout.
 */
export async function loadSession(ctx: ManagerContext, header: string | null | undefined): Promise<SessionImpl> {
  const values = readCookieValues(header, ctx.options.cookie.name)
  for (const value of values) {
    const session = ctx.sealer ? await openSealed(ctx, value) : await openStored(ctx, value)
    if (session) {
      session._hadCookie = true
      return session
    }
  }
  const fresh = newSession(ctx)
  fresh._hadCookie = values.length > 0
  return fresh
}

export function newSession(ctx: ManagerContext): SessionImpl {
  return new SessionImpl(ctx.runtime, emptyRecord(ctx.options.now()), null)
}

function isCurrent(meta: SessionMeta, ctx: ManagerContext, now: number): boolean {
  return meta.c <= now + FUTURE_SKEW_MS && now < absoluteEnd(meta, ctx.options)
}

async function openStored(ctx: ManagerContext, value: string): Promise<SessionImpl | null> {
  const { options } = ctx
  let id = value
  let rotated = false
  if (options.signId) {
    const verified = await ctx.signer.unsign(options.cookie.name, value)
    if (!verified) return null
    id = verified.value
    rotated = verified.rotated
  }
  if (!isSessionId(id, options.idBytes)) return null // nothing not of our format reaches a store
  const key = await storeKey(options.keyPrefix, id, options.hashIds)
  const entry = await storeCall(ctx, 'get', (store) => store.get(key))
  const now = options.now()
  if (!entry || entry.expiresAt <= now) return null
  const record = parseRecord(options.serializer, entry.data)
  if (!record || !isCurrent(record.meta, ctx, now)) return null
  const session = new SessionImpl(ctx.runtime, record, { key, version: entry.version, payload: entry.data, expiresAt: entry.expiresAt }, id)
  session._reissue = rotated
  session._cookieValue = rotated ? undefined : value
  return session
}

async function openSealed(ctx: ManagerContext, value: string): Promise<SessionImpl | null> {
  const opened = await ctx.sealer!.open(value)
  const now = ctx.options.now()
  if (!opened || opened.expiresAt <= now || opened.issuedAt > now + FUTURE_SKEW_MS) return null
  const record = parseRecord(ctx.options.serializer, opened.payload)
  if (!record || !isCurrent(record.meta, ctx, now)) return null
  if (ctx.options.revocationStore && (await isRevoked(ctx, record.meta))) return null
  const session = new SessionImpl(ctx.runtime, record, { key: null, version: 0, payload: opened.payload, expiresAt: opened.expiresAt }, opened.id)
  session._reissue = opened.rotated
  return session
}
