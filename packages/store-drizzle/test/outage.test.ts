import { SessionStoreError } from '@sess/core'
import { makeEntry, uniqueKey } from '@sess/store-tests'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2'
import type mysql from 'mysql2/promise'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessionTableSql, DrizzleStore, mysqlSessionTable, pgSessionTable } from '../src/index.js'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js'
import { connectMysql, connectPg, MYSQL_URL, PG_URL, uniqueTableName } from './server.js'

const HOUR = 3_600_000
const BOUND_MS = 4_000 // the pools below time out connects after 1 s and queries after 2 s

async function elapsed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now()
  try {
    await promise
    return { error: null, ms: performance.now() - start }
  } catch (error) {
    return { error, ms: performance.now() - start }
  }
}

function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url)
  u.hostname = '127.0.0.1'
  u.port = String(proxy.port)
  return u.toString()
}

// The shared servers are never stopped: each store reaches its server through a proxy the test owns.
describe.each([
  {
    dialect: 'PostgreSQL',
    async setup(proxyOf: (port: number) => Promise<TcpProxy>) {
      const admin = await connectPg()
      const name = uniqueTableName()
      for (const statement of createSessionTableSql('postgresql', name)) await admin.query(statement)
      const proxy = await proxyOf(Number(new URL(PG_URL).port || 5432))
      const pool: pg.Pool = await connectPg({ connectionString: viaProxy(PG_URL, proxy), connectionTimeoutMillis: 1000, query_timeout: 2000, max: 4 })
      const store = new DrizzleStore({ db: drizzlePg({ client: pool }), table: pgSessionTable(name) })
      const teardown = async () => {
        await pool.end().catch(() => {})
        await admin.query(`DROP TABLE IF EXISTS "${name}"`)
        await admin.end()
      }
      return { proxy, store, teardown }
    },
  },
  {
    dialect: 'MariaDB',
    async setup(proxyOf: (port: number) => Promise<TcpProxy>) {
      const admin = await connectMysql()
      const name = uniqueTableName()
      for (const statement of createSessionTableSql('mysql', name)) await admin.query(statement)
      const proxy = await proxyOf(Number(new URL(MYSQL_URL).port || 3306))
      const pool: mysql.Pool = await connectMysql({ uri: viaProxy(MYSQL_URL, proxy), connectTimeout: 1000, connectionLimit: 4 })
      const store = new DrizzleStore({ db: drizzleMysql({ client: pool }), table: mysqlSessionTable(name) })
      const teardown = async () => {
        await pool.end().catch(() => {})
        await admin.query(`DROP TABLE IF EXISTS \`${name}\``)
        await admin.end()
      }
      return { proxy, store, teardown }
    },
  },
])('DrizzleStore ($dialect) when the database goes away', ({ setup }) => {
  let proxy: TcpProxy
  let store: DrizzleStore
  let teardown: () => Promise<void>
  const key = uniqueKey()

  beforeAll(async () => {
    ;({ proxy, store, teardown } = await setup((port) => startTcpProxy(port)))
    expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: 'before' }), { mode: 'create' })).toBe('ok')
  })
  afterAll(async () => {
    await proxy?.close()
    await teardown?.()
  })

  it('rejects with SessionStoreError within a bounded time while the server is unreachable', async () => {
    await proxy.down()
    for (const call of [() => store.get(key), () => store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' })]) {
      const { error, ms } = await elapsed(call())
      expect(error).toBeInstanceOf(SessionStoreError)
      expect((error as Error).message).toMatch(/^\[sess\] \[drizzle\] Store (get|set) failed: /)
      expect(ms).toBeLessThan(BOUND_MS)
    }
  })

  it('rejects within a bounded time while the server accepts connections and never answers', async () => {
    await proxy.hang()
    const { error, ms } = await elapsed(store.get(key))
    expect(error).toBeInstanceOf(SessionStoreError)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('works again, same store instance, once the server is back', async () => {
    await proxy.up()
    expect((await store.get(key))?.data).toBe('before')
    expect(await store.set(key, makeEntry(Date.now(), HOUR, { version: 2, data: 'after' }), { mode: 'update', version: 1 })).toBe('ok')
    expect((await store.get(key))?.data).toBe('after')
  })
})
