import { SessionConfigError } from '@sess/core'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import { createSessionTableSql, DrizzleStore, mysqlSessionTable, pgSessionTable, sqliteSessionTable, type SessionTable } from '../src/index.js'

const db = drizzle({ client: new Database(':memory:') })

describe('DrizzleStore options', () => {
  it('detects the dialect from the table', () => {
    expect(new DrizzleStore({ db, table: sqliteSessionTable() }).dialect).toBe('sqlite')
  })

  it.each([
    [{ table: sqliteSessionTable() }, '[sess] [drizzle] Missing required option `db`: pass your drizzle database, e.g. `drizzle(pool)`.'],
    [{ db }, '[sess] [drizzle] Missing required option `table`: pass `pgSessionTable()`, `mysqlSessionTable()` or `sqliteSessionTable()`.'],
    [{ db, table: {} }, '[sess] [drizzle] `table` is not a drizzle table: pass `pgSessionTable()`, `mysqlSessionTable()` or `sqliteSessionTable()`.'],
    [{ db: {}, table: sqliteSessionTable() }, '[sess] [drizzle] `db` is not a drizzle database: pass the object `drizzle(...)` returned.'],
    [
      { db, table: pgSessionTable() },
      "[sess] [drizzle] `table` is a postgresql table but `db` is a sqlite database: use the session table function of your database's dialect.",
    ],
    [
      { db, table: mysqlSessionTable() },
      "[sess] [drizzle] `table` is a mysql table but `db` is a sqlite database: use the session table function of your database's dialect.",
    ],
    [
      { db, table: sqliteTable('sessions', { key: text('key').primaryKey(), data: text('data') }) },
      '[sess] [drizzle] `table` has no `expiresAt` column: build it with the session table function of your dialect.',
    ],
    [{ db, table: sqliteSessionTable(), batchSize: 0 }, '[sess] [drizzle] `batchSize` must be a whole number of rows, 1 or more (got 0).'],
  ])('refuses %o', (options, message) => {
    expect(() => new DrizzleStore(options as unknown as { db: typeof db; table: SessionTable })).toThrow(new SessionConfigError(message))
  })
})

describe('createSessionTableSql', () => {
  it('names the table and its indexes', () => {
    const [create, ...indexes] = createSessionTableSql('postgresql', 'app_sessions')
    expect(create).toMatch(/^CREATE TABLE IF NOT EXISTS "app_sessions" \("key" varchar\(255\) PRIMARY KEY/)
    expect(indexes).toEqual([
      'CREATE INDEX IF NOT EXISTS "app_sessions_expires_at_idx" ON "app_sessions" ("expires_at")',
      'CREATE INDEX IF NOT EXISTS "app_sessions_user_id_idx" ON "app_sessions" ("user_id")',
    ])
    expect(createSessionTableSql('mysql')).toHaveLength(1)
  })

  it('is idempotent', () => {
    const sqlite = new Database(':memory:')
    for (let run = 0; run < 2; run++) for (const statement of createSessionTableSql('sqlite', 'sessions')) sqlite.exec(statement)
    expect(sqlite.prepare("select count(*) as n from sqlite_master where tbl_name = 'sessions'").get()).toEqual({ n: 4 }) // table, primary-key index, two indexes
  })

  it.each(['sessions; drop table users', 'a"b', '1abc', ''])('refuses the table name %j', (name) => {
    expect(() => createSessionTableSql('sqlite', name)).toThrow(
      new SessionConfigError(`[sess] [drizzle] Table name must be letters, digits and underscores, starting with a letter or underscore (got ${JSON.stringify(name)}).`),
    )
  })

  it('refuses an unknown dialect', () => {
    expect(() => createSessionTableSql('oracle' as 'sqlite')).toThrow("[sess] [drizzle] Unknown dialect \"oracle\": use 'postgresql', 'mysql' or 'sqlite'.")
  })
})
