import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeStore, makeEntry, uniqueKey } from '@sess/store-tests'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RedisStore } from '../src/index.js'
import { freePorts, type RedisServer, startRedisServer, tempDir } from './server.js'

// A throwaway master watched by one `redis-server --sentinel` on loopback ports; the clients
// find the master through the sentinel, as a Sentinel deployment's clients do.
const MASTER_NAME = 'sessmaster'
const temp = tempDir('redis-sentinel')
let master: RedisServer
let sentinel: RedisServer
let client: Redis

beforeAll(async () => {
  const [masterPort, sentinelPort] = await freePorts(2)
  master = await startRedisServer(masterPort!, temp.dir)
  const conf = join(temp.dir, 'sentinel.conf')
  writeFileSync(conf, `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 1\nsentinel down-after-milliseconds ${MASTER_NAME} 5000\n`)
  sentinel = await startRedisServer(sentinelPort!, temp.dir, [], [conf, '--sentinel'])
  client = new Redis({ sentinels: [{ host: '127.0.0.1', port: sentinelPort! }], name: MASTER_NAME, commandTimeout: 2000 })
})
afterAll(async () => {
  await client?.quit()
  await sentinel?.stop()
  await master?.stop()
  temp.remove()
})

describeStore('redis (sentinel)', {
  create: (clock) => new RedisStore({ client, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ clock }) => {
    it('creates its own Sentinel client from redisOptions and writes to the master', async () => {
      const store = new RedisStore({
        redisOptions: { sentinels: [{ host: '127.0.0.1', port: sentinel.port }], name: MASTER_NAME },
        now: clock().now,
      })
      const key = uniqueKey()
      expect(await store.set(key, makeEntry(clock().now(), 60_000, { data: 'via sentinel' }), { mode: 'create' })).toBe('ok')
      await store.close()
      const direct = new Redis(master.url)
      expect(await direct.get(key)).toContain('via sentinel')
      await direct.quit()
    })
  },
})
