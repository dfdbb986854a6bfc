/**
 * Every error @sess throws. Messages say what happened and what to do, and never carry a raw
 * session id or cookie value.
 */
export class SessionError extends Error {
  override name = 'SessionError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A manager or store option is missing or invalid. Thrown at construction, never per request. */
export class SessionConfigError extends SessionError {
  override name = 'SessionConfigError'
}

/**
 * The store could not be reached or failed. Bindings answer with `status` (503) unless the app
 * handles it: an outage must never look like a logout.
 */
export class SessionStoreError extends SessionError {
  override name = 'SessionStoreError'
  /** HTTP status a binding answers with. */
  readonly status = 503
}

/** The session does not fit in a cookie (browsers drop cookies over 4096 bytes silently). */
export class SessionTooLargeError extends SessionError {
  override name = 'SessionTooLargeError'
  constructor(
    /** Size of `name=value` in bytes. */
    readonly size: number,
    /** The limit, 4096 bytes. */
    readonly limit: number,
  ) {
    super(
      `[sess] The session cookie would be ${size} bytes, over the ${limit}-byte limit browsers accept. ` +
        'Keep less in the session, or use a server-side store (MemoryStore, RedisStore, ...).',
    )
  }
}

/** Builds a scoped message: `[sess] [redis] ...`. */
export function scoped(scope: string | undefined, message: string): string {
  return scope ? `[sess] [${scope}] ${message}` : `[sess] ${message}`
}

/** Wraps any store failure so callers see one error type with the original as `cause`. */
export function storeError(scope: string, operation: string, cause: unknown): SessionStoreError {
  if (cause instanceof SessionStoreError) return cause
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new SessionStoreError(
    scoped(scope, `Store ${operation} failed: ${reason}. Check that the session store is reachable.`),
    { cause },
  )
}
