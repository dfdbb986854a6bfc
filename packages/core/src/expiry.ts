import type { ResolvedOptions } from './options.js'
import type { SessionMeta } from './record.js'

type ExpiryOptions = Pick<ResolvedOptions, 'permanent' | 'lifetime' | 'absoluteTimeout'>

/** A browser-session cookie (no Max-Age): `setExpiry(0)`, or not permanent and no custom expiry. */
export function isBrowserSession(meta: SessionMeta, options: ExpiryOptions): boolean {
  if (meta.x === 0) return true
  if (meta.x !== undefined || meta.xa !== undefined) return false
  return !(meta.p ?? options.permanent)
}

/** Seconds of inactivity a session survives: its own `setExpiry(seconds)`, else `lifetime`. */
export function idleAge(meta: SessionMeta, options: ExpiryOptions): number {
  return meta.x !== undefined && meta.x > 0 ? meta.x : options.lifetime
}

/** The instant a session written or touched at `now` ends (epoch ms), `absoluteTimeout` applied. */
export function expiryFrom(meta: SessionMeta, options: ExpiryOptions, now: number): number {
  const at = meta.xa ?? now + idleAge(meta, options) * 1000
  return options.absoluteTimeout === null ? at : Math.min(at, absoluteEnd(meta, options))
}

export function absoluteEnd(meta: SessionMeta, options: ExpiryOptions): number {
  return options.absoluteTimeout === null ? Number.POSITIVE_INFINITY : meta.c + options.absoluteTimeout * 1000
}

/** Seconds from `now` to `expiresAt`, rounded down, never negative. */
export function secondsUntil(expiresAt: number, now: number): number {
  return Math.max(0, Math.floor((expiresAt - now) / 1000))
}

/**
 * Whether an unchanged session's store expiry is due for a refresh: `touchAfter` has passed since
 * the last refresh, or less than half the idle age remains. The last refresh is derived from the
 * stored expiry, so it costs no extra state.
 */
export function touchDue(storedExpiresAt: number, meta: SessionMeta, options: ExpiryOptions & { touchAfter: number }, now: number): boolean {
  if (meta.xa !== undefined || storedExpiresAt >= absoluteEnd(meta, options)) return false
  const ageMs = idleAge(meta, options) * 1000
  const lastRefresh = storedExpiresAt - ageMs
  return now - lastRefresh >= options.touchAfter * 1000 || storedExpiresAt - now < ageMs / 2
}
