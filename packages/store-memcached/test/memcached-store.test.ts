import { SessionConfigError } from '@sess/core'
import { describeStore, makeEntry, uniqueKey } from '@sess/store-tests'
import memjs from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemcachedStore } from '../src/index.js'
import { memcachedServers } from './server.js'

const DAY = 86_400_000
let servers: string[] = []
let stopAll = async () => {}
let shared: memjs.Client

beforeAll(async () => {
  ;({ servers, stopAll } = await memcachedServers(2))
  shared = memjs.Client.create(servers[0], { logger: { log: () => {} } })
})
afterAll(async () => {
  shared?.close()
  await stopAll()
})

describeStore('MemcachedStore (app client, one server)', {
  create: (clock) => new MemcachedStore({ client: shared, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ store, clock }) => {
    it('sends a 90-day expiry as an absolute time: the server still holds the item', async () => {
      const key = uniqueKey()
      await store().set(key, makeEntry(clock().now(), 90 * DAY), { mode: 'create' })
      expect((await shared.get(key)).value).not.toBeNull()
    })

    it('(the server drops an item whose 90 days are sent as relative seconds at once)', async () => {
      const key = uniqueKey()
      await shared.set(key, 'x', { expires: 90 * 86_400 })
      expect((await shared.get(key)).value).toBeNull()
    })

    it('lists a session under its new user only once its user changes', async () => {
      const [alice, bob, key] = [uniqueKey('alice-'), uniqueKey('bob-'), uniqueKey()]
      await store().set(key, makeEntry(clock().now(), DAY, { userId: alice }), { mode: 'create' })
      await store().set(key, makeEntry(clock().now(), DAY, { userId: bob, version: 2 }), { mode: 'update', version: 1 })
      expect(await store().listByUser(alice)).toEqual([])
      expect((await store().listByUser(bob)).map((s) => s.key)).toEqual([key])
    })

    it('close() leaves a client it was given open', async () => {
      await store().close()
      await expect(shared.get(uniqueKey())).resolves.toMatchObject({ value: null })
    })
  },
})

describeStore('MemcachedStore (own client, two servers)', {
  create: (clock) => new MemcachedStore({ servers: servers.join(','), now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ store, clock }) => {
    it('spreads keys over every server', async (test) => {
      if (servers.length < 2) return test.skip('MEMCACHED_SERVERS names one server')
      const keys = Array.from({ length: 20 }, () => uniqueKey())
      for (const key of keys) await store().set(key, makeEntry(clock().now(), DAY), { mode: 'create' })
      for (const address of servers) {
        const single = memjs.Client.create(address, { logger: { log: () => {} } })
        const held = await Promise.all(keys.map(async (key) => (await single.get(key)).value !== null))
        single.close()
        expect(held.filter(Boolean).length).toBeGreaterThan(0)
      }
    })
  },
})

describe('MemcachedStore options', () => {
  it.each([
    [{}, "[sess] [memcached] Pass `client` (a memjs Client) or `servers` ('host:port,host:port')."],
    [{ servers: 'a:1', client: {} as memjs.Client }, '[sess] [memcached] Pass either `client` or `servers`, not both.'],
    [{ servers: 'a:1', timeout: 0 }, '[sess] [memcached] `timeout` must be a positive number of seconds (got 0).'],
  ])('rejects %o', (options, message) => {
    expect(() => new MemcachedStore(options)).toThrow(new SessionConfigError(message))
  })
})
