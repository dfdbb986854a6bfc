import { describe, expect, it } from 'vitest'
import { createSessionManager, MemoryStore, SessionStoreError, type SessionStore } from '../src/index.js'
import { attributes, cookiePair, OLD_SECRET, SECRET, setup } from './helpers.js'

/** A MemoryStore that counts calls and can be switched off. */
function observedStore(inner = new MemoryStore()) {
  const calls: string[] = []
  let down = false
  const guard = <T>(name: string, run: () => Promise<T>) => {
    calls.push(name)
    return down ? Promise.reject(new Error('connection refused')) : run()
  }
  const store: SessionStore & { calls: string[]; setDown(v: boolean): void } = {
    name: 'observed',
    calls,
    setDown: (v) => void (down = v),
    get: (k) => guard('get', () => inner.get(k)),
    set: (k, e, c) => guard('set', () => inner.set(k, e, c)),
    delete: (k) => guard('delete', () => inner.delete(k)),
    touch: (k, at) => guard('touch', () => inner.touch(k, at)),
  }
  return store
}

async function signIn(manager: ReturnType<typeof setup>['manager'], data: Record<string, unknown> = { user: 'alice' }) {
  const session = await manager.load(null)
  session.update(data)
  const [setCookie] = await manager.commit(session)
  return { cookie: cookiePair(setCookie), session, setCookie: setCookie! }
}

describe('load', () => {
  it('gives a new visitor a fresh session, and sends no cookie and writes nothing until written', async () => {
    const store = observedStore()
    const { manager } = setup({ store })
    const session = await manager.load(null)
    expect(session.isNew).toBe(true)
    expect(await manager.commit(session)).toEqual([])
    expect(store.calls).toEqual([])
  })

  it('round-trips a written session through the cookie', async () => {
    const { manager } = setup()
    const { cookie } = await signIn(manager, { user: 'alice', n: 1 })
    const again = await manager.load(`other=1; ${cookie}`)
    expect(again.isNew).toBe(false)
    expect(again.toJSON()).toEqual({ user: 'alice', n: 1 })
  })

  it('keeps only a SHA-256 of the id in the store, under the key prefix', async () => {
    const inner = new MemoryStore()
    const { manager } = setup({ store: inner, keyPrefix: 'app:' })
    const { session } = await signIn(manager)
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(session.id)))
    const hashed = btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await inner.get(`app:${hashed}`)).not.toBeNull()
    expect(await inner.get(`app:${session.id}`)).toBeNull()
  })

  it('stores under the raw id when hashIds is off', async () => {
    const inner = new MemoryStore()
    const { manager } = setup({ store: inner, hashIds: false })
    const { session } = await signIn(manager)
    expect(await inner.get(`session:${session.id}`)).not.toBeNull()
  })

  it('gives a fresh session, never an error, for every kind of bad cookie', async () => {
    const { manager } = setup()
    const { cookie } = await signIn(manager)
    const value = cookie.slice(cookie.indexOf('=') + 1)
    const other = createSessionManager({ secret: OLD_SECRET, store: new MemoryStore() })
    const foreign = await other.load(null)
    foreign.set('x', 1)
    const foreignCookie = cookiePair((await other.commit(foreign))[0])
    const bad = [
      `__Host-sid=${value.slice(0, -1)}`,
      `__Host-sid=${value}x`,
      `__Host-sid=${value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `__Host-sid=${value.split('.').reverse().join('.')}`,
      foreignCookie,
      '__Host-sid=',
      '__Host-sid=%%%',
      '__Host-sid=../../../etc/passwd',
      `__Host-sid=${'A'.repeat(5000)}`,
      '__Host-sid="unterminated',
    ]
    for (const header of bad) {
      const session = await manager.load(header)
      expect(session.isNew, header).toBe(true)
    }
  })

  it('gives a fresh session for an unknown (well-signed but deleted) id', async () => {
    const { manager } = setup()
    const { cookie, session } = await signIn(manager)
    await manager.destroy(session.id)
    expect((await manager.load(cookie)).isNew).toBe(true)
  })

  it('never calls the store for an id that is not of our format', async () => {
    const store = observedStore()
    const manager = createSessionManager({ secret: SECRET, store, signId: false })
    for (const id of ['../../etc/passwd', '*', "x' OR 1=1 --", 'a'.repeat(43).replace(/a$/, '/'), '{"$gt":""}'])
      expect((await manager.load(`__Host-sid=${encodeURIComponent(id)}`)).isNew).toBe(true)
    expect(store.calls).toEqual([])
  })

  it('tries every cookie of its name in order; the first that verifies wins', async () => {
    const { manager } = setup()
    const { cookie } = await signIn(manager, { user: 'second' })
    const session = await manager.load(`__Host-sid=garbage; ${cookie}`)
    expect(session.get('user')).toBe('second')
  })

  it('rejects with SessionStoreError (keeping the cause) when the store fails: an outage is not a logout', async () => {
    const store = observedStore()
    const { manager } = setup({ store })
    const { cookie } = await signIn(manager)
    store.setDown(true)
    const error = await manager.load(cookie).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionStoreError)
    expect((error as SessionStoreError).status).toBe(503)
    expect((error as SessionStoreError).cause).toBeInstanceOf(Error)
    expect((error as Error).message).toBe('[sess] [observed] Store get failed: connection refused. Check that the session store is reachable.')
    expect((error as Error).message).not.toContain(cookie.split('=')[1]!.slice(0, 20))
  })

  it('rejects commit with SessionStoreError when the store fails', async () => {
    const store = observedStore()
    const { manager } = setup({ store })
    const session = await manager.load(null)
    session.set('a', 1)
    store.setDown(true)
    await expect(manager.commit(session)).rejects.toBeInstanceOf(SessionStoreError)
  })
})

describe('commit', () => {
  it('writes nothing for a request that only reads (no resave)', async () => {
    const store = observedStore()
    const { manager } = setup({ store, rolling: false })
    const { cookie } = await signIn(manager, { n: { deep: [1] } })
    store.calls.length = 0
    const session = await manager.load(cookie)
    expect(session.get('n')).toEqual({ deep: [1] })
    expect(await manager.commit(session)).toEqual([])
    expect(store.calls).toEqual(['get'])
  })

  it('detects a change inside a nested value', async () => {
    const { manager } = setup({ rolling: false })
    const { cookie } = await signIn(manager, { cart: ['apple'] })
    const session = await manager.load(cookie)
    ;(session.get('cart') as string[]).push('pear')
    expect(session.isModified).toBe(true)
    expect(await manager.commit(session)).toHaveLength(1)
    expect((await manager.load(cookie)).get('cart')).toEqual(['apple', 'pear'])
  })

  it('re-issues a cookie signed with a retired secret under the current one', async () => {
    const store = new MemoryStore()
    const old = createSessionManager({ secret: OLD_SECRET, store, rolling: false })
    const { cookie } = await signIn(old as never)
    const manager = createSessionManager({ secret: [SECRET, OLD_SECRET], store, rolling: false })
    const session = await manager.load(cookie)
    expect(session.get('user')).toBe('alice')
    const [reissued] = await manager.commit(session)
    expect(cookiePair(reissued)).not.toBe(cookie)
    const current = createSessionManager({ secret: SECRET, store })
    expect((await current.load(cookiePair(reissued))).get('user')).toBe('alice')
    expect((await current.load(cookie)).isNew).toBe(true)
  })

  it('ends a session the app emptied: store entry deleted, cookie cleared', async () => {
    const { manager, store } = setup()
    const { cookie, session: first } = await signIn(manager)
    const session = await manager.load(cookie)
    session.clear()
    const [cleared] = await manager.commit(session)
    expect(attributes(cleared!)['max-age']).toBe('0')
    expect(await manager.exists(first.id)).toBe(false)
    expect((store as MemoryStore).size).toBe(0)
  })

  it('saveEveryRequest writes an unchanged session on every request', async () => {
    const store = observedStore()
    const { manager } = setup({ store, saveEveryRequest: true, rolling: false })
    const { cookie } = await signIn(manager)
    store.calls.length = 0
    await manager.commit(await manager.load(cookie))
    expect(store.calls).toEqual(['get', 'set'])
  })

  it('saveUninitialized stores and sends a session never written', async () => {
    const { manager } = setup({ saveUninitialized: true })
    const session = await manager.load(null)
    const [cookie] = await manager.commit(session)
    expect((await manager.load(cookiePair(cookie))).isNew).toBe(false)
  })

  it('sends the session id signed, or bare when signId is off', async () => {
    const signed = await signIn(setup().manager)
    expect(signed.cookie).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/)
    const bare = await signIn(setup({ signId: false }).manager)
    expect(bare.cookie).toBe(`__Host-sid=${bare.session.id}`)
  })
})

describe('manager functions', () => {
  it('exists, destroy and clearExpired work by id', async () => {
    const { manager, clock } = setup()
    const { session } = await signIn(manager)
    expect(await manager.exists(session.id)).toBe(true)
    expect(await manager.exists('not-an-id')).toBe(false)
    await manager.destroy(session.id)
    expect(await manager.exists(session.id)).toBe(false)
    await signIn(manager)
    clock.advance(15 * 24 * 3600)
    expect(await manager.clearExpired()).toBe(1)
    await manager.close()
  })

  it('the cookie store cannot look up or revoke by id, and says so', async () => {
    const manager = createSessionManager({ secret: SECRET })
    await expect(manager.exists('x')).rejects.toThrow(/needs a server-side store/)
    await expect(manager.destroy('x')).rejects.toThrow(/cannot look up or revoke/)
    expect(await manager.clearExpired()).toBe(0)
  })
})

describe('handle (Web standard)', () => {
  it('adds Set-Cookie, Vary: Cookie and Cache-Control: private', async () => {
    const { manager } = setup()
    const response = await manager.handle(new Request('https://example.com/'), (session) => {
      session.set('n', 1)
      return new Response('ok', { headers: { vary: 'Accept-Encoding' } })
    })
    expect(response.headers.get('set-cookie')).toMatch(/^__Host-sid=/)
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Cookie')
    expect(response.headers.get('cache-control')).toBe('private')
    expect(await response.text()).toBe('ok')
  })

  it('keeps the app’s own Cache-Control, and adds Vary even when nothing is set', async () => {
    const { manager } = setup()
    const kept = await manager.handle(new Request('https://example.com/'), (session) => {
      session.set('n', 1)
      return new Response('ok', { headers: { 'cache-control': 'no-store' } })
    })
    expect(kept.headers.get('cache-control')).toBe('no-store')
    const untouched = await manager.handle(new Request('https://example.com/'), () => new Response('ok'))
    expect(untouched.headers.get('vary')).toBe('Cookie')
    expect(untouched.headers.get('set-cookie')).toBeNull()
    expect(untouched.headers.get('cache-control')).toBeNull()
  })

  it('copies a response whose headers are immutable (Response.redirect)', async () => {
    const { manager } = setup()
    const response = await manager.handle(new Request('https://example.com/login'), (session) => {
      session.set('user', 'alice')
      return Response.redirect('https://example.com/me', 303)
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('https://example.com/me')
    expect(response.headers.get('set-cookie')).toMatch(/^__Host-sid=/)
  })
})
