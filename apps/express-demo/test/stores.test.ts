import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SessionStore } from '@sess/core'
import { listen, storeFromEnv } from 'demo-kit'
import { describeDemoSmoke } from 'demo-kit/testing'
import { afterAll, beforeAll, describe } from 'vitest'
import { connectMysql, connectPg, MYSQL_URL, PG_URL } from '../../../packages/store-drizzle/test/server.js'
import { memcachedServers } from '../../../packages/store-memcached/test/server.js'
import { mongoServer } from '../../../packages/store-mongodb/test/server.js'
import { findOrStartStandalone } from '../../../packages/store-redis/test/server.js'
import { createApp } from '../src/app.js'

const secret = 'express-demo-store-test-secret-0123456789'
const tmp = mkdtempSync(join(tmpdir(), 'express-demo-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/**
 * The smoke test through `SESSION_STORE=<url>`, with real servers: the URL comes from `setup`,
 * which finds or starts the server (and says how to install it when it can do neither).
 */
function describeStore(scheme: string, setup: () => Promise<{ url: string; stop?: () => Promise<void> }>) {
  describe(`SESSION_STORE=${scheme}`, () => {
    let store: SessionStore | undefined
    let stop: (() => Promise<void>) | undefined
    beforeAll(async () => {
      const server = await setup()
      stop = server.stop
      store = await storeFromEnv(server.url)
    })
    afterAll(async () => {
      await store?.close?.()
      await stop?.()
    })
    describeDemoSmoke(`express demo on ${scheme}`, () => listen(createApp({ secret, store }), 0, '127.0.0.1'), { serverSide: true })
  })
}

describeStore('redis://', findOrStartStandalone)
describeStore('memcached://', async () => {
  const { servers, stopAll } = await memcachedServers(2)
  return { url: `memcached://${servers.join(',')}`, stop: stopAll }
})
describeStore('mongodb://', async () => {
  const server = await mongoServer()
  return { url: `${server.url.replace(/\/$/, '')}/sess_demo_test`, stop: server.stop }
})
describeStore('postgres://', async () => {
  await (await connectPg()).end() // a clear message when PostgreSQL is not there
  return { url: PG_URL }
})
describeStore('mysql://', async () => {
  await (await connectMysql()).end()
  return { url: MYSQL_URL }
})
describeStore('sqlite:', async () => ({ url: `sqlite:${join(tmp, 'sessions.db')}` }))
describeStore('file:', async () => ({ url: `file:${join(tmp, 'sessions')}` }))
