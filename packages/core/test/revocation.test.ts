import { describe, expect, it } from 'vitest'
import { createSessionManager, MemoryStore } from '../src/index.js'
import { cookiePair, SECRET, setup } from './helpers.js'

async function signInAs(manager: ReturnType<typeof setup>['manager'], user: string) {
  const s = await manager.load(null)
  await s.regenerate()
  s.setUser(user)
  s.set('name', user)
  return cookiePair((await manager.commit(s))[0])
}

describe('revocation', () => {
  it('lists a user’s sessions with opaque handles, never the session id', async () => {
    const { manager, clock } = setup()
    const phone = await signInAs(manager, 'u1')
    clock.advance(10)
    const laptop = await signInAs(manager, 'u1')
    await signInAs(manager, 'u2')
    const current = await manager.load(laptop)
    const listed = await manager.listUserSessions('u1', current)
    expect(listed).toHaveLength(2)
    expect(listed.map((s) => s.current)).toEqual([true, false])
    for (const s of listed) {
      expect(s.handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(phone).not.toContain(s.handle)
      expect(laptop).not.toContain(s.handle)
      expect(s.expiresAt.getTime()).toBeGreaterThan(s.createdAt.getTime())
      expect(s.lastActiveAt.getTime()).toBe(s.createdAt.getTime())
    }
  })

  it('signs out other devices: every session of the user but the current one ends', async () => {
    const { manager } = setup()
    const phone = await signInAs(manager, 'u1')
    const laptop = await signInAs(manager, 'u1')
    const other = await signInAs(manager, 'u2')
    const current = await manager.load(laptop)
    expect(await manager.revokeUserSessions('u1', { except: current })).toBe(1)
    expect((await manager.load(phone)).isNew).toBe(true)
    expect((await manager.load(laptop)).get('name')).toBe('u1')
    expect((await manager.load(other)).get('name')).toBe('u2')
    expect(await manager.revokeUserSessions('u1')).toBe(1)
    expect((await manager.load(laptop)).isNew).toBe(true)
  })

  it('ends one session by its handle, and only a session of that user', async () => {
    const { manager } = setup()
    const phone = await signInAs(manager, 'u1')
    const [listed] = await manager.listUserSessions('u1')
    expect(await manager.revokeUserSession('u2', listed!.handle)).toBe(false)
    expect(await manager.revokeUserSession('u1', listed!.handle)).toBe(true)
    expect((await manager.load(phone)).isNew).toBe(true)
  })

  it('the cookie store cannot list or revoke, and says so', async () => {
    const manager = createSessionManager({ secret: SECRET })
    await expect(manager.listUserSessions('u1')).rejects.toThrow(/needs a server-side store with a user index/)
  })
})

describe('revocation with the cookie store and a revocation store', () => {
  it('refuses every cookie of a user issued before revokeUserSessions, but the one kept', async () => {
    const revocationStore = new MemoryStore()
    const manager = createSessionManager({ secret: SECRET, revocationStore, rolling: false })
    const phone = await signInAs(manager as never, 'u1')
    const laptop = await signInAs(manager as never, 'u1')
    const other = await signInAs(manager as never, 'u2')
    const current = await manager.load(laptop)
    await manager.revokeUserSessions('u1', { except: current })
    const resealed = cookiePair((await manager.commit(current))[0])
    expect((await manager.load(phone)).isNew).toBe(true)
    expect((await manager.load(laptop)).isNew).toBe(true) // the old copy of the kept session is refused too
    expect((await manager.load(resealed)).get('name')).toBe('u1')
    expect((await manager.load(other)).get('name')).toBe('u2')
    const fresh = await signInAs(manager as never, 'u1') // signing in again after a revocation works
    expect((await manager.load(fresh)).get('name')).toBe('u1')
  })

  it('without a revocation store, cookie-store sessions cannot be revoked, and it says so', async () => {
    const manager = createSessionManager({ secret: SECRET })
    await expect(manager.revokeUserSessions('u1')).rejects.toThrow(/needs a server-side store with a user index/)
  })

  it('a revocation store outage is an error, never a logout', async () => {
    const inner = new MemoryStore()
    let down = false
    const revocationStore = { ...inner, name: 'rev', get: (k: string) => (down ? Promise.reject(new Error('down')) : inner.get(k)), set: inner.set.bind(inner), delete: inner.delete.bind(inner) }
    const manager = createSessionManager({ secret: SECRET, revocationStore })
    const cookie = await signInAs(manager as never, 'u1')
    down = true
    await expect(manager.load(cookie)).rejects.toThrow(/\[sess\] \[rev\] Store get failed: down/)
  })
})
