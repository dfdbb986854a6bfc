import { describeStore } from '@sess/store-tests'
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2'
import type mysql from 'mysql2/promise'
import { afterAll, beforeAll } from 'vitest'
import { createSessionTableSql, DrizzleStore, mysqlSessionTable } from '../src/index.js'
import { drizzleExtras } from './extras.js'
import { connectMysql, uniqueTableName } from './server.js'

const name = uniqueTableName()
const table = mysqlSessionTable(name)
let pool: mysql.Pool
let db: MySql2Database

beforeAll(async () => {
  pool = await connectMysql()
  db = drizzle({ client: pool })
  for (const statement of createSessionTableSql('mysql', name)) await pool.query(statement)
})
afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS \`${name}\``)
  await pool?.end()
})

describeStore('DrizzleStore (MariaDB)', {
  create: (clock) => new DrizzleStore({ db, table, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ clock }) => drizzleExtras(() => db, table, clock),
})
