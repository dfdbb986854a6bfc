import { encodeBase64url } from './base64url.js'
import { type ManagerContext, storeCall } from './context.js'
import { sha256 } from './crypto.js'
import type { SessionMeta } from './record.js'
import type { SessionStore } from './store.js'

/*
 * Revocation for the cookie store: a per-user generation counter kept in a server-side store.
 * A sealed cookie carries the generation it was issued under; revoking a user bumps the counter,
 * and every cookie stamped with an older generation is refused from then on.
 */

const MAX_BUMPS = 10
/** Longest a browser keeps a cookie (400 days): a counter entry must outlive every cookie it judges. */
const COUNTER_LIFETIME_MS = 400 * 24 * 3600 * 1000

async function counterKey(ctx: ManagerContext, userId: string): Promise<string> {
  return `${ctx.options.keyPrefix}user-generation:${encodeBase64url(await sha256(userId))}`
}

function revocationStore(ctx: ManagerContext): SessionStore {
  return ctx.options.revocationStore!
}

/** The user's current generation (0 before any revocation). */
export async function currentGeneration(ctx: ManagerContext, userId: string): Promise<number> {
  const key = await counterKey(ctx, userId)
  const entry = await storeCall(ctx, 'get', () => revocationStore(ctx).get(key), revocationStore(ctx))
  return entry ? Number(entry.data) || 0 : 0
}

/** True when a sealed session belongs to a user whose sessions were revoked after it was issued. */
export async function isRevoked(ctx: ManagerContext, meta: SessionMeta): Promise<boolean> {
  if (!ctx.options.revocationStore || meta.u === undefined) return false
  return (meta.g ?? 0) < (await currentGeneration(ctx, meta.u))
}

/** Stamps a signed-in session with its user's generation before it is sealed. */
export async function stampGeneration(ctx: ManagerContext, meta: SessionMeta): Promise<void> {
  if (ctx.options.revocationStore && meta.u !== undefined && meta.g === undefined) meta.g = await currentGeneration(ctx, meta.u)
}

/** Bumps the user's generation (compare-and-set); resolves to the new one. */
export async function bumpGeneration(ctx: ManagerContext, userId: string): Promise<number> {
  const store = revocationStore(ctx)
  const key = await counterKey(ctx, userId)
  for (let attempt = 0; attempt < MAX_BUMPS; attempt++) {
    const current = await storeCall(ctx, 'get', () => store.get(key), store)
    const next = (current ? Number(current.data) || 0 : 0) + 1
    const now = ctx.options.now()
    const entry = { data: String(next), expiresAt: now + COUNTER_LIFETIME_MS, version: (current?.version ?? 0) + 1, createdAt: current?.createdAt ?? now, userId: null }
    const condition = current ? ({ mode: 'update', version: current.version } as const) : ({ mode: 'create' } as const)
    if ((await storeCall(ctx, 'set', () => store.set(key, entry, condition), store)) === 'ok') return next
  }
  throw new Error(`user generation kept changing under ${MAX_BUMPS} concurrent revocations`)
}
