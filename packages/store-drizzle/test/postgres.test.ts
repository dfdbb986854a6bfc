import { describeStore } from '@sess/store-tests'
import { drizzle } from 'drizzle-orm/node-postgres'
import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { createSessionTableSql, DrizzleStore, pgSessionTable } from '../src/index.js'
import { drizzleExtras } from './extras.js'
import { connectPg, uniqueTableName } from './server.js'

const name = uniqueTableName()
const table = pgSessionTable(name)
let pool: pg.Pool
let db: ReturnType<typeof drizzle>

beforeAll(async () => {
  pool = await connectPg()
  db = drizzle({ client: pool })
  for (const statement of createSessionTableSql('postgresql', name)) await pool.query(statement)
})
afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS "${name}"`)
  await pool?.end()
})

describeStore('DrizzleStore (PostgreSQL)', {
  create: (clock) => new DrizzleStore({ db, table, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ clock }) => drizzleExtras(() => db, table, clock),
})
