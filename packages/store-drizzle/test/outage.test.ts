import { describeOutage, startTcpProxy, type TcpProxy } from '@sess/store-tests'
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { createSessionTableSql, DrizzleStore, mysqlSessionTable, pgSessionTable } from '../src/index.js'
import { connectMysql, connectPg, MYSQL_URL, PG_URL, uniqueTableName } from './server.js'

// The pools below time out connects after 1 s and queries after 2 s.
const BOUND_MS = 4_000

function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url)
  u.hostname = '127.0.0.1'
  u.port = String(proxy.port)
  return u.toString()
}

/** The outage backend for a store behind `proxy`: the shared server is never stopped, the proxy goes down or hangs instead. */
function behindProxy(proxy: TcpProxy, store: DrizzleStore, teardown: () => Promise<void>) {
  return {
    store,
    stop: () => proxy.down(),
    restart: () => proxy.up(),
    async hang() {
      await proxy.hang()
      return { store, release: () => proxy.up() }
    },
    async close() {
      await proxy.close()
      await teardown()
    },
  }
}

describeOutage('DrizzleStore (PostgreSQL)', {
  boundMs: BOUND_MS,
  keepsData: true,
  async start() {
    const admin = await connectPg()
    const name = uniqueTableName()
    for (const statement of createSessionTableSql('postgresql', name)) await admin.query(statement)
    const proxy = await startTcpProxy(Number(new URL(PG_URL).port || 5432))
    const pool = await connectPg({ connectionString: viaProxy(PG_URL, proxy), connectionTimeoutMillis: 1000, query_timeout: 2000, max: 4 })
    const store = new DrizzleStore({ db: drizzlePg({ client: pool }), table: pgSessionTable(name) })
    return behindProxy(proxy, store, async () => {
      await pool.end().catch(() => {})
      await admin.query(`DROP TABLE IF EXISTS "${name}"`)
      await admin.end()
    })
  },
})

describeOutage('DrizzleStore (MariaDB)', {
  boundMs: BOUND_MS,
  keepsData: true,
  async start() {
    const admin = await connectMysql()
    const name = uniqueTableName()
    for (const statement of createSessionTableSql('mysql', name)) await admin.query(statement)
    const proxy = await startTcpProxy(Number(new URL(MYSQL_URL).port || 3306))
    const pool = await connectMysql({ uri: viaProxy(MYSQL_URL, proxy), connectTimeout: 1000, connectionLimit: 4 })
    const store = new DrizzleStore({ db: drizzleMysql({ client: pool }), table: mysqlSessionTable(name) })
    return behindProxy(proxy, store, async () => {
      await pool.end().catch(() => {})
      await admin.query(`DROP TABLE IF EXISTS \`${name}\``)
      await admin.end()
    })
  },
})
