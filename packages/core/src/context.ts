import type { CookieWriter } from './cookie-codec.js'
import type { CookieSealer } from './cookie-store.js'
import { storeError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import type { SessionRuntime } from './session.js'
import type { Signer } from './signer.js'
import type { SessionStore } from './store.js'

/** Everything a manager's operations share, built once by `createSessionManager`. */
export interface ManagerContext {
  options: ResolvedOptions
  /** The server-side store, or null for the cookie store. */
  store: SessionStore | null
  /** Seals sessions into cookies, or null for a server-side store. */
  sealer: CookieSealer | null
  /** Signs session ids. */
  signer: Signer
  writer: CookieWriter
  runtime: SessionRuntime
}

/** Runs one store operation; any failure becomes a `SessionStoreError` that keeps the cause. */
export async function storeCall<T>(
  ctx: ManagerContext,
  operation: string,
  run: (store: SessionStore) => Promise<T>,
  store: SessionStore = ctx.store!,
): Promise<T> {
  try {
    return await run(store)
  } catch (cause) {
    throw storeError(store.name, operation, cause)
  }
}
