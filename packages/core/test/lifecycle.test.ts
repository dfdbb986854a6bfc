import { describe, expect, it } from 'vitest'
import { attributes, cookiePair, setup } from './helpers.js'

async function signedIn(options: Parameters<typeof setup>[0] = {}) {
  const ctx = setup(options)
  const s = await ctx.manager.load(null)
  s.set('user', 'alice')
  const cookie = cookiePair((await ctx.manager.commit(s))[0])
  return { ...ctx, cookie, firstId: s.id }
}

describe('session lifecycle', () => {
  it('regenerate(): new id and cookie, data kept, old id dead in the store', async () => {
    const { manager, cookie, firstId } = await signedIn()
    const s = await manager.load(cookie)
    await s.regenerate()
    expect(s.id).not.toBe(firstId)
    expect(await manager.exists(firstId)).toBe(false) // dead before the response even goes out
    const next = cookiePair((await manager.commit(s))[0])
    expect(next).not.toBe(cookie)
    expect((await manager.load(next)).get('user')).toBe('alice')
    expect((await manager.load(cookie)).isNew).toBe(true)
  })

  it('destroy(): store entry gone, cookie cleared with the same name, path and domain', async () => {
    const { manager, cookie, firstId } = await signedIn({ cookie: { domain: 'example.com', path: '/app' } })
    const s = await manager.load(cookie)
    await s.destroy()
    expect(await manager.exists(firstId)).toBe(false)
    expect(s.size).toBe(0)
    const [cleared] = await manager.commit(s)
    expect(cleared!.startsWith('__Secure-sid=;')).toBe(true)
    expect(attributes(cleared!)).toMatchObject({ 'max-age': '0', path: '/app', domain: 'example.com' })
  })

  it('destroy() then a flash starts a new session under a new id (sign-out message)', async () => {
    const { manager, cookie, firstId } = await signedIn()
    const s = await manager.load(cookie)
    await s.destroy()
    s.flash('signed out')
    const next = cookiePair((await manager.commit(s))[0])
    expect(s.id).not.toBe(firstId)
    const after = await manager.load(next)
    expect(after.get('user')).toBeUndefined()
    expect(after.flashes()).toEqual(['signed out'])
  })

  it('save() persists before commit; commit still sends the cookie and writes nothing more', async () => {
    const { manager, clock } = setup({ rolling: false })
    const s = await manager.load(null)
    s.set('step', 1)
    await s.save()
    expect(await manager.exists(s.id)).toBe(true)
    clock.advance(1)
    const [cookie] = await manager.commit(s)
    expect((await manager.load(cookiePair(cookie))).get('step')).toBe(1)
  })

  it('reload() drops unsaved changes and re-reads the store', async () => {
    const { manager, cookie } = await signedIn()
    const s = await manager.load(cookie)
    s.set('user', 'mallory')
    await s.reload()
    expect(s.get('user')).toBe('alice')
    expect(s.isModified).toBe(false)
    await manager.destroy(s.id)
    await s.reload()
    expect(s.size).toBe(0)
  })
})

describe('concurrent requests of one session', () => {
  it('keep both changes when they touch different keys', async () => {
    const { manager, cookie } = await signedIn()
    const a = await manager.load(cookie)
    const b = await manager.load(cookie)
    a.set('fromA', 1)
    b.set('fromB', 2)
    await manager.commit(a)
    await manager.commit(b)
    expect((await manager.load(cookie)).toJSON()).toEqual({ user: 'alice', fromA: 1, fromB: 2 })
  })

  it('let the later commit win a key both changed, and lose nothing else', async () => {
    const { manager, cookie } = await signedIn()
    const a = await manager.load(cookie)
    const b = await manager.load(cookie)
    a.set('theme', 'dark').set('onlyA', true)
    b.set('theme', 'light')
    b.delete('user')
    await manager.commit(a)
    await manager.commit(b)
    expect((await manager.load(cookie)).toJSON()).toEqual({ theme: 'light', onlyA: true })
  })

  it('never bring back a session another request destroyed', async () => {
    const { manager, cookie, firstId } = await signedIn()
    const late = await manager.load(cookie)
    const logout = await manager.load(cookie)
    await logout.destroy()
    await manager.commit(logout)
    late.set('cart', ['book'])
    expect(await manager.commit(late)).toEqual([]) // no cookie: clearing could wipe a concurrent login's
    expect(await manager.exists(firstId)).toBe(false)
  })

  it('never bring back a session another request regenerated', async () => {
    const { manager, cookie, firstId } = await signedIn({ rolling: true, touchAfter: 0 })
    const late = await manager.load(cookie)
    const login = await manager.load(cookie)
    await login.regenerate()
    await manager.commit(login)
    late.touch()
    await manager.commit(late)
    expect(await manager.exists(firstId)).toBe(false)
  })

  it('survive many concurrent writers: every key written is kept', async () => {
    const { manager, cookie } = await signedIn()
    const sessions = await Promise.all(Array.from({ length: 5 }, () => manager.load(cookie)))
    for (const [i, s] of sessions.entries()) s.set(`k${i}`, i)
    await Promise.all(sessions.map((s) => manager.commit(s)))
    expect((await manager.load(cookie)).toJSON()).toEqual({ user: 'alice', k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 })
  })
})
