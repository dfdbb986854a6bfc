import { createSessionManager, type SessionData, type SessionManager, type SessionManagerOptions } from '@sess/core'

/** What every @sess/next entry accepts: manager options, or a manager from `createSessionManager`. */
export type SessionInit<Data extends object = SessionData> = SessionManagerOptions | SessionManager<Data>

/** The manager for `init`, creating one from options (checked once, here). */
export function toManager<Data extends object>(init: SessionInit<Data>): SessionManager<Data> {
  const candidate = init as SessionManager<Data>
  return typeof candidate.load === 'function' && typeof candidate.commit === 'function' ? candidate : createSessionManager<Data>(init as SessionManagerOptions)
}
