import { describe, expect, expectTypeOf, it } from 'vitest'
import type { MemoryStore, Session } from '../src/index.js'
import { cookiePair, setup } from './helpers.js'

declare module '../src/index.js' {
  interface SessionData {
    typedUser: string
    typedCart: string[]
  }
}

async function fresh() {
  const { manager } = setup()
  return manager.load(null)
}

describe('the session is a dict', () => {
  it('get, set, has, delete, pop, setDefault, update, clear, keys, values, entries, size, toJSON', async () => {
    const s = await fresh()
    expect(s.get('missing')).toBeUndefined()
    expect(s.get('missing', 'fallback')).toBe('fallback')
    s.set('a', 1).set('b', 2)
    expect(s.has('a')).toBe(true)
    expect(s.size).toBe(2)
    expect(s.delete('a')).toBe(true)
    expect(s.delete('a')).toBe(false)
    expect(s.pop('b')).toBe(2)
    expect(s.pop('b', 'gone')).toBe('gone')
    expect(s.setDefault('c', [1])).toEqual([1])
    expect(s.setDefault('c', [2])).toEqual([1])
    s.update({ d: 'x', e: null })
    expect(s.keys()).toEqual(['c', 'd', 'e'])
    expect(s.values()).toEqual([[1], 'x', null])
    expect(s.entries()).toEqual([['c', [1]], ['d', 'x'], ['e', null]])
    expect(s.toJSON()).toEqual({ c: [1], d: 'x', e: null })
    expect(JSON.stringify(s)).toBe('{"c":[1],"d":"x","e":null}')
    s.clear()
    expect(s.size).toBe(0)
  })

  it('treats keys like __proto__ as plain keys', async () => {
    const s = await fresh()
    s.set('__proto__', { polluted: true })
    expect(s.get('__proto__')).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('is typed by the augmented SessionData', async () => {
    const s = (await fresh()) as Session
    expectTypeOf(s.get('typedUser')).toEqualTypeOf<string | undefined>()
    expectTypeOf(s.get('typedCart', [] as string[])).toEqualTypeOf<string[]>()
    expectTypeOf(s.get('anythingElse')).toEqualTypeOf<unknown>()
  })

  it('isModified is false until something changes', async () => {
    const { manager } = setup()
    const s = await manager.load(null)
    expect(s.isModified).toBe(false)
    s.get('x')
    expect(s.isModified).toBe(false)
    s.set('x', 1)
    expect(s.isModified).toBe(true)
  })
})

describe('flash messages', () => {
  it('are shown once, with categories and a filter, and never appear in keys()', async () => {
    const { manager } = setup()
    const s = await manager.load(null)
    s.flash('hello')
    s.flash('careful', 'warning')
    s.flash('oops', 'error')
    expect(s.keys()).toEqual([])
    const cookie = cookiePair((await manager.commit(s))[0])

    const next = await manager.load(cookie)
    expect(next.flashes({ withCategories: true, categoryFilter: ['warning', 'error'] })).toEqual([
      ['warning', 'careful'],
      ['error', 'oops'],
    ])
    expect(next.flashes()).toEqual([]) // the filter removed every message, as Flask does
    await manager.commit(next)

    const after = await manager.load(cookie)
    expect(after.isNew).toBe(true) // only flashes were held: popping them all ended the session
  })

  it('pop in order without categories by default', async () => {
    const s = await fresh()
    s.flash(1)
    s.flash({ rich: true }, 'info')
    expect(s.flashes()).toEqual([1, { rich: true }])
    expect(s.flashes({ withCategories: true })).toEqual([])
  })
})

describe('expiry', () => {
  it('a permanent session cookie carries Max-Age and Expires of the lifetime', async () => {
    const { manager, clock } = setup({ lifetime: 3600 })
    const s = await manager.load(null)
    s.set('a', 1)
    const [cookie] = await manager.commit(s)
    expect(cookie).toContain('Max-Age=3600')
    expect(cookie).toContain(`Expires=${new Date(clock.now() + 3600_000).toUTCString()}`)
    expect(s.expiresAt).toEqual(new Date(clock.now() + 3600_000))
    expect(s.expiryAge).toBe(3600)
    expect(s.permanent).toBe(true)
  })

  it('a browser-session cookie has neither, but the server still ends it after lifetime', async () => {
    const { manager, clock } = setup({ permanent: false, lifetime: 3600, rolling: false })
    const s = await manager.load(null)
    s.set('a', 1)
    const [setCookie] = await manager.commit(s)
    expect(setCookie).not.toMatch(/Max-Age|Expires/)
    expect(s.expiresAt).toBeNull()
    expect(s.permanent).toBe(false)
    clock.advance(3599)
    expect((await manager.load(cookiePair(setCookie))).isNew).toBe(false)
    clock.advance(1)
    expect((await manager.load(cookiePair(setCookie))).isNew).toBe(true)
  })

  it('session.permanent is read/write per session', async () => {
    const { manager } = setup()
    const s = await manager.load(null)
    s.set('a', 1)
    s.permanent = false
    const [setCookie] = await manager.commit(s)
    expect(setCookie).not.toContain('Max-Age')
    expect((await manager.load(cookiePair(setCookie))).permanent).toBe(false)
  })

  it('setExpiry: seconds, 0 (browser close), a Date, null (global policy)', async () => {
    const { manager, clock } = setup()
    const s = await manager.load(null)
    s.set('a', 1)
    s.setExpiry(600)
    expect((await manager.commit(s))[0]).toContain('Max-Age=600')
    s.setExpiry(0)
    expect((await manager.commit(s))[0]).not.toContain('Max-Age')
    const at = new Date(clock.now() + 7200_000)
    s.setExpiry(at)
    expect((await manager.commit(s))[0]).toContain(`Expires=${at.toUTCString()}`)
    expect(s.expiresAt).toEqual(at)
    s.setExpiry(null)
    expect((await manager.commit(s))[0]).toContain('Max-Age=1209600')
    expect(() => s.setExpiry(-1)).toThrow(/setExpiry takes seconds/)
  })

  it('rolling re-sends the cookie each request and refreshes the store at most once per touchAfter', async () => {
    const { manager, clock, store } = setup({ lifetime: 3600, touchAfter: 60 })
    const s = await manager.load(null)
    s.set('a', 1)
    const cookie = cookiePair((await manager.commit(s))[0])
    const storedExpiry = async () => (await (store as MemoryStore).get(await keyOf(cookie)))!.expiresAt
    const first = await storedExpiry()

    clock.advance(30)
    const [resent] = await manager.commit(await manager.load(cookie))
    expect(resent).toContain('Max-Age=3600')
    expect(await storedExpiry()).toBe(first) // within touchAfter: no store write

    clock.advance(31)
    await manager.commit(await manager.load(cookie))
    expect(await storedExpiry()).toBe(clock.now() + 3600_000)
  })

  it('without rolling, an unchanged session sends no cookie and keeps its expiry; touch() extends it', async () => {
    const { manager, clock } = setup({ lifetime: 3600, rolling: false })
    const s = await manager.load(null)
    s.set('a', 1)
    const cookie = cookiePair((await manager.commit(s))[0])
    clock.advance(1800)
    expect(await manager.commit(await manager.load(cookie))).toEqual([])
    const touched = await manager.load(cookie)
    touched.touch()
    expect((await manager.commit(touched))[0]).toContain('Max-Age=3600')
    clock.advance(3000)
    expect((await manager.load(cookie)).isNew).toBe(false)
  })

  it('absoluteTimeout ends a session that long after creation, whatever its activity', async () => {
    const { manager, clock } = setup({ lifetime: 2 * 86400, absoluteTimeout: 5 * 86400, touchAfter: 0 })
    const s = await manager.load(null)
    s.set('a', 1)
    const cookie = cookiePair((await manager.commit(s))[0])
    for (let day = 1; day < 5; day++) {
      clock.advance(86400)
      const active = await manager.load(cookie)
      expect(active.isNew).toBe(false)
      active.set('day', day)
      await manager.commit(active)
    }
    clock.advance(86400)
    expect((await manager.load(cookie)).isNew).toBe(true)
  })
})

async function keyOf(cookie: string): Promise<string> {
  const id = cookie.slice(cookie.indexOf('=') + 1).split('.')[0]!
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id)))
  return `session:${btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}
