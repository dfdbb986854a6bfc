import { describe, expect, it } from 'vitest'
import { CookieStore, createSessionManager, DEFAULTS, type MemoryStore, SessionConfigError, type SessionManagerOptions } from '../src/index.js'
import { SECRET } from './helpers.js'

const create = (options: Partial<SessionManagerOptions>) => () => createSessionManager({ secret: SECRET, ...options } as SessionManagerOptions)

describe('options are checked when the manager is created', () => {
  it('requires a secret and says how to generate one', () => {
    expect(() => createSessionManager({} as SessionManagerOptions)).toThrow(SessionConfigError)
    expect(() => createSessionManager({} as SessionManagerOptions)).toThrow(/`secret` is required.*randomBytes\(32\)/)
  })

  it('refuses a secret under 32 characters, naming its length', () => {
    expect(create({ secret: 'short' })).toThrow('[sess] `secret` is 5 characters; at least 32 are required (retired secrets too).')
  })

  it('applies the minimum to retired secrets too', () => {
    expect(create({ secret: [SECRET, 'old-and-short'] })).toThrow(/`secret\[1\]` is 13 characters/)
    expect(create({ secret: [] })).toThrow(/non-empty array/)
  })

  it('refuses idBytes under 16', () => {
    expect(create({ idBytes: 8 })).toThrow(/`idBytes` must be a whole number from 16 to 128 \(got 8\)/)
    expect(create({ idBytes: 16.5 })).toThrow(SessionConfigError)
  })

  it('refuses negative or nonsensical durations', () => {
    expect(create({ lifetime: -1 })).toThrow('[sess] `lifetime` must be a number of seconds, 0 or more (got -1).')
    expect(create({ lifetime: 0 })).toThrow(/permanent: false/)
    expect(create({ touchAfter: Number.NaN })).toThrow(/`touchAfter`/)
    expect(create({ absoluteTimeout: -5 })).toThrow(/`absoluteTimeout`/)
    expect(create({ absoluteTimeout: 0 })).toThrow(/use null to disable/)
  })

  it('refuses an unknown sameSite or priority', () => {
    expect(create({ cookie: { sameSite: 'sometimes' as 'lax' } })).toThrow("`cookie.sameSite` must be one of 'lax', 'strict', 'none' (got sometimes).")
    expect(create({ cookie: { priority: 'urgent' as 'high' } })).toThrow(/`cookie.priority`/)
  })

  it('enforces the __Host- prefix rules', () => {
    expect(create({ cookie: { name: '__Host-sid', domain: 'example.com' } })).toThrow(/`__Host-` cookie must be secure, have no domain and path '\/'/)
    expect(create({ cookie: { name: '__Host-sid', path: '/app' } })).toThrow(/__Host-/)
    expect(create({ cookie: { name: '__Host-sid', secure: false } })).toThrow(/__Host-/)
  })

  it('enforces the __Secure- prefix and SameSite=None rules', () => {
    expect(create({ cookie: { name: '__Secure-sid', secure: false } })).toThrow(/`__Secure-` cookie must be secure/)
    expect(create({ cookie: { sameSite: 'none', secure: false, name: 'sid' } })).toThrow(/requires `cookie.secure: true`/)
    expect(create({ cookie: { partitioned: true, secure: false, name: 'sid' } })).toThrow(/partitioned/)
  })

  it('refuses names, paths and domains a cookie cannot carry', () => {
    expect(create({ cookie: { name: 'my sid' } })).toThrow(/`cookie.name` may hold only/)
    expect(create({ cookie: { name: 'sid;x' } })).toThrow(/`cookie.name`/)
    expect(create({ cookie: { path: '/a;b' } })).toThrow(/`cookie.path`/)
    expect(create({ cookie: { path: 'relative' } })).toThrow(/`cookie.path`/)
    expect(create({ cookie: { domain: 'https://example.com' } })).toThrow(/`cookie.domain`/)
  })

  it('refuses a store or serializer of the wrong shape', () => {
    expect(create({ store: {} as MemoryStore })).toThrow(/`store` must be a server-side session store/)
    expect(create({ revocationStore: {} as MemoryStore })).toThrow(/`revocationStore` must be a server-side session store/)
    expect(create({ serializer: { stringify: JSON.stringify } as never })).toThrow(/`serializer` must be an object/)
  })

  it('derives the cookie name from the security settings', () => {
    expect(createSessionManager({ secret: SECRET }).options.cookie.name).toBe('__Host-sid')
    expect(createSessionManager({ secret: SECRET, cookie: { domain: 'example.com' } }).options.cookie.name).toBe('__Secure-sid')
    expect(createSessionManager({ secret: SECRET, cookie: { path: '/app' } }).options.cookie.name).toBe('__Secure-sid')
    expect(createSessionManager({ secret: SECRET, cookie: { secure: false } }).options.cookie.name).toBe('sid')
  })

  it('fills in the documented defaults', () => {
    const { options } = createSessionManager({ secret: SECRET })
    expect(options.store).toBeInstanceOf(CookieStore)
    expect(options).toMatchObject({ ...DEFAULTS, lifetime: 1_209_600, absoluteTimeout: 2_592_000, touchAfter: 60, idBytes: 32 })
    expect(options.cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'lax', partitioned: false })
  })
})
