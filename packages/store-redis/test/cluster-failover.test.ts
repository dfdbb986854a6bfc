import { SessionStoreError, type StoreEntry } from '@sess/core'
import { makeEntry, uniqueKey, waitFor } from '@sess/store-tests'
import { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisStore } from '../src/index.js'
import { startCluster, type TestCluster } from './cluster.js'

// Its own cluster, since this test kills a master (the shared one serves the conformance run).
describe('redis cluster failover (3 masters + 3 replicas)', () => {
  let cluster: TestCluster
  let client: Cluster
  let store: RedisStore

  beforeAll(async () => {
    cluster = await startCluster()
    client = new Cluster(cluster.nodes, { redisOptions: { commandTimeout: 1000, maxRetriesPerRequest: 1 } })
    store = new RedisStore({ client })
  })
  afterAll(async () => {
    client?.disconnect()
    await cluster?.stop()
  })

  it('keeps sessions across a master failover, fails clearly meanwhile, and recovers without a restart', async () => {
    const written = new Map<string, StoreEntry>()
    for (let i = 0; i < 60; i++) {
      const key = uniqueKey()
      const entry = makeEntry(Date.now(), 3_600_000, { data: `session-${i}`, userId: 'failover-user' })
      expect(await store.set(key, entry, { mode: 'create' })).toBe('ok')
      written.set(key, entry)
    }
    // Replication is asynchronous: make sure each replica has the writes before the kill.
    // (A replica still doing its first full sync answers WAIT with 0; ask again.)
    await waitFor('every replica to acknowledge the writes', async () => {
      const acks = await Promise.all(client.nodes('master').map((node) => node.call('WAIT', 1, 500)))
      return acks.every((count) => Number(count) >= 1)
    }, { intervalMs: 100 })

    const victimKey = [...written.keys()][0]!
    const victimPort = Number(client.slots[(await client.call('CLUSTER', 'KEYSLOT', victimKey)) as number]![0]!.split(':')[1])
    await cluster.servers.find((s) => s.port === victimPort)!.stop()

    // During the failover a read either fails with SessionStoreError or returns the session:
    // never "no such session", which would log the user out.
    let failures = 0
    await waitFor(
      'the replica to take over',
      async () => {
        try {
          expect(await store.get(victimKey)).toEqual(written.get(victimKey))
          return true
        } catch (error) {
          expect(error).toBeInstanceOf(SessionStoreError)
          failures++
          return false
        }
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    )
    expect(failures).toBeGreaterThan(0)

    for (const [key, entry] of written) expect(await store.get(key)).toEqual(entry)
    const after = uniqueKey()
    expect(await store.set(after, makeEntry(Date.now(), 60_000), { mode: 'create' })).toBe('ok')
    expect(await store.set(victimKey, { ...written.get(victimKey)!, version: 2 }, { mode: 'update', version: 1 })).toBe('ok')
    expect((await store.listByUser('failover-user')).length).toBe(written.size)
  }, 60_000)
})
