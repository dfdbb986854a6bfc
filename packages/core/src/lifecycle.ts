import { type ManagerContext, storeCall } from './context.js'
import { markCleared, persist } from './persist.js'
import { emptyRecord, parseRecord } from './record.js'
import type { SessionImpl } from './session.js'

async function deleteStored(ctx: ManagerContext, session: SessionImpl): Promise<void> {
  const key = session._stored?.key
  if (key) await storeCall(ctx, 'delete', (store) => store.delete(key))
}

/** New id, data kept; the old id is deleted from the store before the new one exists. */
export async function regenerate(ctx: ManagerContext, session: SessionImpl): Promise<void> {
  await deleteStored(ctx, session)
  session._stored = null
  session._id = ctx.runtime.newId()
  session._cookieValue = undefined
  session._dirty = true
}

/** Deletes the session from the store; the commit clears the cookie unless new data is written. */
export async function destroy(ctx: ManagerContext, session: SessionImpl): Promise<void> {
  await deleteStored(ctx, session)
  session._record = emptyRecord(ctx.options.now())
  markCleared(session)
}

/** Persists now. With the cookie store there is nothing to write before the response: it is marked for sealing. */
export async function save(ctx: ManagerContext, session: SessionImpl): Promise<void> {
  session._dirty = true
  if (!ctx.sealer) await persist(ctx, session, ctx.options.now())
}

/** Drops unsaved changes: re-reads the store entry (or the cookie as received). */
export async function reload(ctx: ManagerContext, session: SessionImpl): Promise<void> {
  const { serializer } = ctx.options
  const key = session._stored?.key
  let payload = session._stored?.payload
  if (key) {
    const entry = await storeCall(ctx, 'get', (store) => store.get(key))
    if (entry) session._stored = { key, version: entry.version, payload: entry.data, expiresAt: entry.expiresAt }
    else session._stored = null
    payload = entry?.data
  }
  const record = payload === undefined ? null : parseRecord(serializer, payload)
  session._record = record ?? emptyRecord(ctx.options.now())
  if (!record) session._stored = null
  session._dirty = false
  session._exposed = false
}
