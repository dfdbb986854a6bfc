import { type ManagerContext, storeCall } from './context.js'
import { SessionStoreError, scoped } from './errors.js'
import { expiryFrom, touchDue } from './expiry.js'
import { mergeChanges, parseRecord, type SessionRecord, serializeRecord } from './record.js'
import type { SessionImpl } from './session.js'
import { storeKey } from './session-id.js'
import type { StoreEntry } from './store.js'

/** What persisting a session did. `gone`: another request destroyed or regenerated it meanwhile. */
export type PersistOutcome = 'written' | 'unchanged' | 'cleared' | 'gone'

const MAX_MERGES = 5
const MAX_CREATES = 3

/** Writes what the session needs written to a server-side store, and nothing more. */
export async function persist(ctx: ManagerContext, session: SessionImpl, now: number): Promise<PersistOutcome> {
  const { options } = ctx
  const modified = session.isModified
  if (session._stored === null) {
    const wanted = modified ? !session._isEmpty() : options.saveUninitialized && session.isNew && !session._cleared
    if (!wanted) return session._cleared ? 'cleared' : 'unchanged'
    await create(ctx, session, now)
    return 'written'
  }
  if (modified && session._isEmpty()) {
    // Flask and Django both end a session emptied by the app, rather than store an empty one.
    await storeCall(ctx, 'delete', (store) => store.delete(session._stored!.key!))
    markCleared(session)
    return 'cleared'
  }
  if (modified || options.saveEveryRequest) return (await update(ctx, session, now)) ? 'written' : 'gone'
  if ((options.rolling || session._touch) && touchDue(session._stored.expiresAt, session._record.meta, options, now)) await touch(ctx, session, now)
  return 'unchanged'
}

function entryFor(ctx: ManagerContext, record: SessionRecord, version: number, now: number): StoreEntry {
  return {
    data: serializeRecord(ctx.options.serializer, record),
    expiresAt: expiryFrom(record.meta, ctx.options, now),
    version,
    createdAt: record.meta.c,
    userId: record.meta.u ?? null,
  }
}

async function create(ctx: ManagerContext, session: SessionImpl, now: number): Promise<void> {
  const { options } = ctx
  for (let attempt = 0; attempt < MAX_CREATES; attempt++) {
    const key = await storeKey(options.keyPrefix, session.id, options.hashIds)
    const entry = entryFor(ctx, session._record, 1, now)
    const result = await storeCall(ctx, 'set', (store) => store.set(key, entry, { mode: 'create' }))
    if (result === 'ok') return markWritten(session, key, entry)
    session._id = ctx.runtime.newId() // a taken id is never shared, however unlikely the collision
    session._cookieValue = undefined
  }
  throw new SessionStoreError(scoped(ctx.store!.name, 'Could not create a session: every fresh id was taken. Check that the store honours `create`.'))
}

/**
 * Compare-and-set on the version loaded. On a conflict, this request's changes are re-applied
 * onto what the other request committed, so neither loses keys the other did not touch.
 */
async function update(ctx: ManagerContext, session: SessionImpl, now: number): Promise<boolean> {
  const { serializer } = ctx.options
  const key = session._stored!.key!
  let version = session._stored!.version
  let record = session._record
  let original: SessionRecord | null = null
  for (let attempt = 0; attempt < MAX_MERGES; attempt++) {
    const entry = entryFor(ctx, record, version + 1, now)
    const result = await storeCall(ctx, 'set', (store) => store.set(key, entry, { mode: 'update', version }))
    if (result === 'ok') {
      session._record = record
      markWritten(session, key, entry)
      return true
    }
    if (result !== 'conflict') return false
    const fresh = await storeCall(ctx, 'get', (store) => store.get(key))
    const freshRecord = fresh && parseRecord(serializer, fresh.data)
    if (!fresh || !freshRecord) return false
    original ??= parseRecord(serializer, session._stored!.payload) ?? { data: new Map(), meta: record.meta }
    record = mergeChanges(serializer, original, session._record, freshRecord)
    version = fresh.version
  }
  throw new SessionStoreError(scoped(ctx.store!.name, `The session kept changing under ${MAX_MERGES} concurrent writes; the request's changes were not saved. Retry the request.`))
}

async function touch(ctx: ManagerContext, session: SessionImpl, now: number): Promise<void> {
  const stored = session._stored!
  const expiresAt = expiryFrom(session._record.meta, ctx.options, now)
  const store = ctx.store!
  if (store.touch) await storeCall(ctx, 'touch', (s) => s.touch!(stored.key!, expiresAt))
  else {
    const entry = entryFor(ctx, session._record, stored.version + 1, now)
    if ((await storeCall(ctx, 'set', (s) => s.set(stored.key!, entry, { mode: 'update', version: stored.version }))) !== 'ok') return
    stored.version = entry.version
  }
  stored.expiresAt = expiresAt
}

function markWritten(session: SessionImpl, key: string, entry: StoreEntry): void {
  session._stored = { key, version: entry.version, payload: entry.data, expiresAt: entry.expiresAt }
  session._dirty = false
  session._exposed = false
  session._cleared = false
  session._written = true
}

export function markCleared(session: SessionImpl): void {
  session._stored = null
  session._dirty = false
  session._exposed = false
  session._cleared = true
  session._written = false
  session._cookieValue = undefined
  session._id = undefined // anything written after this starts a new session under a new id
}
