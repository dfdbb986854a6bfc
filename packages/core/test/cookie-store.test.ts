import { describe, expect, it } from 'vitest'
import { CookieStore, createSessionManager, SessionConfigError, SessionTooLargeError } from '../src/index.js'
import { cookiePair, OLD_SECRET, SECRET, testClock } from './helpers.js'

function cookieManager(options: { encrypt?: boolean; secret?: string | string[]; rolling?: boolean; lifetime?: number } = {}) {
  const clock = testClock()
  const manager = createSessionManager({
    secret: options.secret ?? SECRET,
    store: new CookieStore({ encrypt: options.encrypt ?? true }),
    now: clock.now,
    rolling: options.rolling ?? false,
    lifetime: options.lifetime,
  })
  return { manager, clock }
}

async function write(manager: ReturnType<typeof cookieManager>['manager'], data: Record<string, unknown>) {
  const s = await manager.load(null)
  s.update(data)
  return cookiePair((await manager.commit(s))[0])
}

const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1)

describe('CookieStore (the default)', () => {
  it('round-trips a session sealed with AES-256-GCM that does not show its contents', async () => {
    const { manager } = cookieManager()
    const cookie = await write(manager, { user: 'alice', when: new Date(0) })
    expect(cookieValue(cookie)).toMatch(/^e1\.[A-Za-z0-9_-]+$/)
    expect(atob(cookieValue(cookie).slice(3).replace(/-/g, '+').replace(/_/g, '/'))).not.toContain('alice')
    const s = await manager.load(cookie)
    expect(s.toJSON()).toEqual({ user: 'alice', when: new Date(0) })
  })

  it('seals with a random IV: the same session never gives the same cookie twice', async () => {
    const { manager } = cookieManager()
    expect(await write(manager, { a: 1 })).not.toBe(await write(manager, { a: 1 }))
  })

  it('encrypt: false gives signed, readable cookies (Flask-style) that still refuse tampering', async () => {
    const { manager } = cookieManager({ encrypt: false })
    const cookie = await write(manager, { user: 'alice' })
    const [body] = cookieValue(cookie).slice(3).split('.')
    expect(atob(body!.replace(/-/g, '+').replace(/_/g, '/'))).toContain('alice')
    const forged = cookie.replace(body!, btoa(atob(body!.replace(/-/g, '+').replace(/_/g, '/')).replace('alice', 'admin')).replace(/=+$/, ''))
    expect((await manager.load(forged)).isNew).toBe(true)
  })

  it('refuses a flipped byte, a truncated value, another secret or another cookie name', async () => {
    const { manager } = cookieManager()
    const cookie = await write(manager, { a: 1 })
    const value = cookieValue(cookie)
    const flip = (i: number) => value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1)
    for (const bad of [flip(3), flip(20), flip(value.length - 2), value.slice(0, -4), `${value}AAAA`, 'e1.', 'e1.AAAA'])
      expect((await manager.load(`__Host-sid=${bad}`)).isNew).toBe(true)
    expect((await cookieManager({ secret: OLD_SECRET }).manager.load(cookie)).isNew).toBe(true)
    const renamed = createSessionManager({ secret: SECRET, cookie: { name: '__Host-other' } })
    expect((await renamed.load(`__Host-other=${value}`)).isNew).toBe(true)
  })

  it('ends a session at the expiry sealed inside, even if the browser keeps the cookie', async () => {
    const { manager, clock } = cookieManager({ lifetime: 600 })
    const cookie = await write(manager, { a: 1 })
    clock.advance(599)
    expect((await manager.load(cookie)).isNew).toBe(false)
    clock.advance(1)
    expect((await manager.load(cookie)).isNew).toBe(true)
  })

  it('refuses a cookie issued more than 60 s in the future', async () => {
    const { manager, clock } = cookieManager()
    const ahead = createSessionManager({ secret: SECRET, rolling: false, now: () => clock.now() + 61_000 })
    const cookie = await write(ahead as never, { a: 1 })
    expect((await manager.load(cookie)).isNew).toBe(true)
    const slightly = createSessionManager({ secret: SECRET, rolling: false, now: () => clock.now() + 59_000 })
    expect((await manager.load(await write(slightly as never, { a: 1 }))).isNew).toBe(false)
  })

  it('accepts a cookie sealed with a retired secret and re-issues it under the current one', async () => {
    const old = cookieManager({ secret: OLD_SECRET })
    const cookie = await write(old.manager, { user: 'alice' })
    const { manager } = cookieManager({ secret: [SECRET, OLD_SECRET] })
    const s = await manager.load(cookie)
    expect(s.get('user')).toBe('alice')
    const reissued = cookiePair((await manager.commit(s))[0])
    expect((await cookieManager({ secret: SECRET }).manager.load(reissued)).get('user')).toBe('alice')
  })

  it('throws SessionTooLargeError naming the size and the limit', async () => {
    const { manager } = cookieManager()
    const s = await manager.load(null)
    s.set('big', 'x'.repeat(5000))
    const error = await manager.commit(s).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionTooLargeError)
    expect((error as SessionTooLargeError).limit).toBe(4096)
    expect((error as Error).message).toMatch(/would be \d+ bytes, over the 4096-byte limit/)
  })

  it('rolling re-seals with a new expiry once touchAfter has passed', async () => {
    const { manager, clock } = cookieManager({ rolling: true, lifetime: 3600 })
    const cookie = await write(manager, { a: 1 })
    clock.advance(30)
    expect(await manager.commit(await manager.load(cookie))).toEqual([])
    clock.advance(31)
    const [resealed] = await manager.commit(await manager.load(cookie))
    expect(resealed).toContain('Max-Age=3600')
    clock.advance(3600 - 1)
    expect((await manager.load(cookiePair(resealed))).isNew).toBe(false)
  })

  it('destroy() clears the cookie', async () => {
    const { manager } = cookieManager()
    const cookie = await write(manager, { a: 1 })
    const s = await manager.load(cookie)
    await s.destroy()
    expect((await manager.commit(s))[0]).toMatch(/^__Host-sid=; Max-Age=0/)
  })

  it('refuses a maxSize outside 256..4096', () => {
    expect(() => new CookieStore({ maxSize: 8192 })).toThrow(SessionConfigError)
    expect(() => new CookieStore({ maxSize: 8192 })).toThrow('[sess] [cookie] `maxSize` must be a whole number of bytes from 256 to 4096 (got 8192).')
  })
})
