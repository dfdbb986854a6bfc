import { describeStore, makeEntry, uniqueKey } from '@sess/store-tests'
import { Cluster } from 'ioredis'
import { afterAll, expect, inject, it } from 'vitest'
import { RedisStore } from '../src/index.js'

// A real 3-master, 3-replica cluster started by test/global-setup.ts.
const cluster = new Cluster(inject('clusterNodes'), { redisOptions: { commandTimeout: 2000 } })
afterAll(() => cluster.quit())

describeStore('redis (cluster, 3 masters + 3 replicas)', {
  create: (clock) => new RedisStore({ client: cluster, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ store, clock }) => {
    it('lists a user whose sessions live on every master', async () => {
      const user = uniqueKey('user-')
      const keys = Array.from({ length: 30 }, () => uniqueKey())
      for (const key of keys) await store().set(key, makeEntry(clock().now(), 60_000, { userId: user }), { mode: 'create' })
      const masters = new Set(await Promise.all(keys.map((key) => masterOf(key))))
      expect(masters.size).toBe(3)
      expect((await store().listByUser(user)).map((s) => s.key).sort()).toEqual([...keys].sort())
    })
  },
})

/** The master node (host:port) serving `key`'s slot. */
async function masterOf(key: string): Promise<string> {
  const slot = (await cluster.call('CLUSTER', 'KEYSLOT', key)) as number
  return cluster.slots[slot]![0]!
}
