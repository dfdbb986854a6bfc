import { describe, expect, it } from 'vitest'
import { createSessionManager } from '../src/index.js'
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
