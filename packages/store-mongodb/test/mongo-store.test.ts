import { SessionConfigError } from '@sess/core'
import { describeStore, makeEntry, uniqueKey } from '@sess/store-tests'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MongoStore } from '../src/index.js'
import { mongoServer } from './server.js'

const HOUR = 3_600_000
const DB = 'sess_test'
let url = ''
let stop = async () => {}
let client: MongoClient

beforeAll(async () => {
  ;({ url, stop } = await mongoServer())
  client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 })
})
afterAll(async () => {
  // Only what these tests made: MONGODB_URL may point at a server others use.
  for (const name of created) await client?.db(DB).collection(name).drop().catch(() => {})
  await client?.close()
  await stop()
})

const created: string[] = []
const freshCollection = () => {
  const name = uniqueKey('sessions_').replace(/[^\w]/g, '_')
  created.push(name)
  return name
}

describeStore('MongoStore (app client)', {
  create: (clock) => new MongoStore({ client, dbName: DB, now: clock.now }),
  soak: 1000, // the wire-compatible test server (jongodb) is far slower than MongoDB
  destroy: (store) => store.close(),
  extra: ({ store, clock }) => {
    it('stores one document per session, in the documented shape', async () => {
      const key = uniqueKey()
      const entry = makeEntry(clock().now(), HOUR, { userId: 'u1' })
      await store().set(key, entry, { mode: 'create' })
      const doc = await client.db(DB).collection('sessions').findOne({ _id: key as never })
      expect(doc).toEqual({ _id: key, data: entry.data, expiresAt: new Date(entry.expiresAt), version: 1, createdAt: new Date(entry.createdAt), userId: 'u1' })
    })

    it('close() leaves a client it was given open', async () => {
      await store().close()
      await expect(client.db(DB).command({ ping: 1 })).resolves.toMatchObject({ ok: 1 })
    })
  },
})

describeStore('MongoStore (own client from url, custom database and collection)', {
  create: (clock) => new MongoStore({ url, dbName: `${DB}_own`, collection: 'web_sessions', now: clock.now }),
  soak: 0, // soaked above; this run checks the store's own client
  destroy: (store) => store.close(),
})

describe('MongoStore indexes and clearExpired', () => {
  it('creates a TTL index on expiresAt and an index on userId on first use', async () => {
    const collection = freshCollection()
    const store = new MongoStore({ client, dbName: DB, collection })
    await store.get(uniqueKey())
    const indexes = await client.db(DB).collection(collection).listIndexes().toArray()
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'expiresAt_ttl', key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
        expect.objectContaining({ name: 'userId_1', key: { userId: 1 } }),
      ]),
    )
  })

  it('creates no index with createIndexes: false', async () => {
    const collection = freshCollection()
    const store = new MongoStore({ client, dbName: DB, collection, createIndexes: false })
    await store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' })
    const names = (await client.db(DB).collection(collection).listIndexes().toArray()).map((index) => index.name)
    expect(names).toEqual(['_id_'])
  })

  it('works beside an index on expiresAt the app defined differently', async () => {
    const collection = freshCollection()
    await client.db(DB).collection(collection).createIndex({ expiresAt: 1 }, { name: 'app_expiry' })
    const store = new MongoStore({ client, dbName: DB, collection })
    const key = uniqueKey()
    expect(await store.set(key, makeEntry(Date.now(), HOUR), { mode: 'create' })).toBe('ok')
    expect(await store.get(key)).not.toBeNull()
  })

  it('clearExpired deletes the expired documents and returns how many', async () => {
    let now = Date.now()
    const store = new MongoStore({ client, dbName: DB, collection: freshCollection(), now: () => now })
    await store.set(uniqueKey(), makeEntry(now, 1000), { mode: 'create' })
    await store.set(uniqueKey(), makeEntry(now, 2000), { mode: 'create' })
    const live = uniqueKey()
    await store.set(live, makeEntry(now, HOUR), { mode: 'create' })
    now += 2000
    expect(await store.clearExpired()).toBe(2)
    expect(await store.clearExpired()).toBe(0)
    expect(await store.get(live)).not.toBeNull()
  })
})

describe('MongoStore options', () => {
  const fake = {} as MongoClient
  it.each([
    [{}, '[sess] [mongodb] Pass `client` (a MongoClient) or `url` (a mongodb:// connection string).'],
    [{ client: fake, url: 'mongodb://127.0.0.1' }, '[sess] [mongodb] Pass either `client` or `url`, not both.'],
    [
      { client: fake, clientOptions: { connectTimeoutMS: 1 } },
      '[sess] [mongodb] `clientOptions` only applies to the client created from `url`; configure your own client directly.',
    ],
  ])('rejects %o', (options, message) => {
    expect(() => new MongoStore(options)).toThrow(new SessionConfigError(message))
  })
})
