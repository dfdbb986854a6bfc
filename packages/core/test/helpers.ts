import { createSessionManager, MemoryStore, type SessionManagerOptions } from '../src/index.js'

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
export const OLD_SECRET = 'an-older-secret-that-is-also-long-enough-987'

/** A clock tests move by hand. */
export function testClock(start = Math.floor(Date.now() / 1000) * 1000) {
  let now = start
  return { now: () => now, advance: (seconds: number) => void (now += seconds * 1000) }
}

/** A manager on a MemoryStore with an injected clock; `store` and `clock` are returned for inspection. */
export function setup(options: Partial<SessionManagerOptions> = {}) {
  const clock = testClock()
  const store = options.store ?? new MemoryStore({ now: clock.now })
  const manager = createSessionManager({ secret: SECRET, store, now: clock.now, ...options })
  return { manager, store, clock }
}

/** The `name=value` part of a Set-Cookie value, as a browser would send it back. */
export function cookiePair(setCookie: string | undefined): string {
  if (!setCookie) throw new Error('expected a Set-Cookie value')
  return setCookie.split(';')[0]!
}

/** The attributes of a Set-Cookie value, lower-cased names. */
export function attributes(setCookie: string): Record<string, string | true> {
  const out: Record<string, string | true> = {}
  for (const part of setCookie.split(';').slice(1)) {
    const [name, ...rest] = part.trim().split('=')
    out[name!.toLowerCase()] = rest.length ? rest.join('=') : true
  }
  return out
}
