import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeStore } from '@sess/store-tests'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { afterAll } from 'vitest'
import { createSessionTableSql, DrizzleStore, sqliteSessionTable } from '../src/index.js'
import { drizzleExtras } from './extras.js'

// A file, not :memory:, so the WAL journal and on-disk paths are what apps run.
const dir = mkdtempSync(join(tmpdir(), 'sess-drizzle-'))
const sqlite = new Database(join(dir, 'sessions.db'))
sqlite.pragma('journal_mode = WAL')
for (const statement of createSessionTableSql('sqlite')) sqlite.exec(statement)
const table = sqliteSessionTable()
const db = drizzle({ client: sqlite })

afterAll(() => {
  sqlite.close()
  rmSync(dir, { recursive: true, force: true })
})

describeStore('DrizzleStore (SQLite)', {
  create: (clock) => new DrizzleStore({ db, table, now: clock.now }),
  destroy: (store) => store.close(),
  extra: ({ clock }) => drizzleExtras(() => db, table, clock),
})
