import { checkWrite, SessionConfigError, storeError, type SessionStore, type StoreEntry, type StoredSession, type WriteCondition, type WriteResult } from '@sess/core'
import { and, DrizzleQueryError, eq, gt, inArray, is, lte, sql, type Column } from 'drizzle-orm'
import { MySqlDatabase, MySqlTable } from 'drizzle-orm/mysql-core'
import { PgDatabase, PgTable } from 'drizzle-orm/pg-core'
import { BaseSQLiteDatabase, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { SessionDialect } from './ddl.js'
import type { SessionTable } from './tables.js'

export interface DrizzleStoreOptions {
  /**
   * Your drizzle database: `drizzle(pool)` from `drizzle-orm/node-postgres`, `drizzle-orm/mysql2`,
   * `drizzle-orm/better-sqlite3` (or another driver of those dialects). The store never closes it.
   * Set your driver's connect and query timeouts: they bound how long a request waits in an outage.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any schema and driver of each dialect
  db: PgDatabase<any, any, any> | MySqlDatabase<any, any, any, any> | BaseSQLiteDatabase<any, any, any, any>
  /** The table from `pgSessionTable()`, `mysqlSessionTable()` or `sqliteSessionTable()`, of `db`'s dialect. */
  table: SessionTable
  /** Most expired rows `clearExpired()` deletes per statement, so no statement locks the table for long. @default 1000 */
  batchSize?: number
  /** The clock, epoch milliseconds; every expiry decision uses it. @default Date.now */
  now?: () => number
}

const DEFAULTS = { batchSize: 1000 }
const COLUMNS = ['key', 'data', 'expiresAt', 'version', 'createdAt', 'userId'] as const

function configError(message: string): SessionConfigError {
  return new SessionConfigError(`[sess] [drizzle] ${message}`)
}

/**
 * Sessions in a SQL table through drizzle-orm: PostgreSQL, MySQL/MariaDB or SQLite, detected from
 * the table. Conditional writes are single statements (`INSERT ... ON CONFLICT DO UPDATE ... WHERE`,
 * `UPDATE ... WHERE version = ?`), so the database arbitrates concurrent requests. Expired rows are
 * never returned; `clearExpired()` deletes them in batches (run it from a periodic job).
 */
export class DrizzleStore implements SessionStore {
  readonly name = 'drizzle'
  /** The dialect detected from `table`. */
  readonly dialect: SessionDialect
  // The three dialects' builders have no common callable type; every query below is valid in each.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly #db: any
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly #t: any
  readonly #now: () => number
  readonly #batchSize: number

  constructor(options: DrizzleStoreOptions) {
    if (!options?.db) throw configError('Missing required option `db`: pass your drizzle database, e.g. `drizzle(pool)`.')
    if (!options.table) throw configError('Missing required option `table`: pass `pgSessionTable()`, `mysqlSessionTable()` or `sqliteSessionTable()`.')
    this.dialect = detectDialect(options.db, options.table)
    for (const column of COLUMNS) {
      if (!(options.table as unknown as Record<string, Column | undefined>)[column]) throw configError(`\`table\` has no \`${column}\` column: build it with the session table function of your dialect.`)
    }
    const batchSize = options.batchSize ?? DEFAULTS.batchSize
    if (!Number.isInteger(batchSize) || batchSize < 1) throw configError(`\`batchSize\` must be a whole number of rows, 1 or more (got ${String(batchSize)}).`)
    this.#db = options.db
    this.#t = options.table
    this.#now = options.now ?? Date.now
    this.#batchSize = batchSize
  }

  get(key: string): Promise<StoreEntry | null> {
    return this.#run('get', async () => {
      const rows = await this.#db.select().from(this.#t).where(and(eq(this.#t.key, key), this.#live())).limit(1)
      return rows[0] ? toEntry(rows[0]) : null
    })
  }

  set(key: string, entry: StoreEntry, condition: WriteCondition): Promise<WriteResult> {
    return this.#run('set', () => (condition.mode === 'create' ? this.#create(key, entry) : this.#update(key, entry, condition.version)))
  }

  delete(key: string): Promise<void> {
    return this.#run('delete', async () => {
      await this.#db.delete(this.#t).where(eq(this.#t.key, key))
    })
  }

  touch(key: string, expiresAt: number): Promise<void> {
    return this.#run('touch', async () => {
      await this.#db.update(this.#t).set({ expiresAt }).where(and(eq(this.#t.key, key), this.#live()))
    })
  }

  listByUser(userId: string): Promise<StoredSession[]> {
    return this.#run('listByUser', async () => {
      const rows: SessionRow[] = await this.#db.select().from(this.#t).where(and(eq(this.#t.userId, userId), this.#live()))
      return rows.map((row) => ({ key: row.key as string, entry: toEntry(row) }))
    })
  }

  /** Deletes expired rows, `batchSize` per statement, until none is left; resolves to how many. */
  clearExpired(): Promise<number> {
    return this.#run('clearExpired', async () => {
      let total = 0
      for (;;) {
        const removed = await this.#deleteExpiredBatch(this.#now())
        total += removed
        if (removed < this.#batchSize) return total
      }
    })
  }

  /** Does nothing: the store opens no connection of its own, and never closes your `db`. */
  async close(): Promise<void> {}

  async #create(key: string, entry: StoreEntry): Promise<WriteResult> {
    const now = this.#now()
    const row = { key, ...fields(entry) }
    if (this.dialect === 'mysql') {
      // MySQL has no conditional ON DUPLICATE KEY UPDATE that is safe to write here (assignments see
      // earlier ones), so: drop an expired holder of the key, then insert; a live holder wins.
      await this.#db.delete(this.#t).where(and(eq(this.#t.key, key), lte(this.#t.expiresAt, now)))
      try {
        await this.#db.insert(this.#t).values(row)
        return 'ok'
      } catch (error) {
        if (isDuplicateKey(error)) return 'exists'
        throw error
      }
    }
    const excluded = Object.fromEntries(COLUMNS.slice(1).map((c) => [c, sql`excluded.${sql.identifier(this.#t[c].name)}`]))
    const written = await this.#db
      .insert(this.#t)
      .values(row)
      .onConflictDoUpdate({ target: this.#t.key, set: excluded, setWhere: lte(this.#t.expiresAt, now) })
      .returning({ key: this.#t.key })
    return written.length > 0 ? 'ok' : 'exists'
  }

  async #update(key: string, entry: StoreEntry, version: number): Promise<WriteResult> {
    const where = and(eq(this.#t.key, key), eq(this.#t.version, version), this.#live())
    const query = this.#db.update(this.#t).set(fields(entry)).where(where)
    const matched = this.dialect === 'mysql' ? matchedRows(await query) : (await query.returning({ key: this.#t.key })).length
    if (matched > 0) return 'ok'
    // Nothing matched: tell a stale version from a gone session.
    const current = await this.#db.select({ version: this.#t.version }).from(this.#t).where(and(eq(this.#t.key, key), this.#live())).limit(1)
    return current[0] ? 'conflict' : checkWrite(null, { mode: 'update', version })
  }

  async #deleteExpiredBatch(now: number): Promise<number> {
    const expired = lte(this.#t.expiresAt, now)
    if (this.dialect === 'mysql') return matchedRows(await this.#db.delete(this.#t).where(expired).limit(this.#batchSize))
    const batch = this.#db.select({ key: this.#t.key }).from(this.#t).where(expired).limit(this.#batchSize)
    const removed = await this.#db.delete(this.#t).where(inArray(this.#t.key, batch)).returning({ key: this.#t.key })
    return removed.length
  }

  #live() {
    return gt(this.#t.expiresAt, this.#now())
  }

  async #run<T>(operation: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query()
    } catch (error) {
      // DrizzleQueryError's message lists the query parameters (session data): keep the driver's error.
      throw storeError('drizzle', operation, error instanceof DrizzleQueryError ? (error.cause ?? error) : error)
    }
  }
}

function fields(entry: StoreEntry) {
  return { data: entry.data, expiresAt: entry.expiresAt, version: entry.version, createdAt: entry.createdAt, userId: entry.userId }
}

/** A row as drivers return it (bigint columns may come back as strings). */
interface SessionRow {
  key: string
  data: string
  expiresAt: number | string
  version: number | string
  createdAt: number | string
  userId: string | null
}

function toEntry(row: SessionRow): StoreEntry {
  return { data: row.data, expiresAt: Number(row.expiresAt), version: Number(row.version), createdAt: Number(row.createdAt), userId: row.userId ?? null }
}

function detectDialect(db: unknown, table: unknown): SessionDialect {
  const fromTable = is(table, PgTable) ? 'postgresql' : is(table, MySqlTable) ? 'mysql' : is(table, SQLiteTable) ? 'sqlite' : null
  if (!fromTable) throw configError('`table` is not a drizzle table: pass `pgSessionTable()`, `mysqlSessionTable()` or `sqliteSessionTable()`.')
  const fromDb = is(db, PgDatabase) ? 'postgresql' : is(db, MySqlDatabase) ? 'mysql' : is(db, BaseSQLiteDatabase) ? 'sqlite' : null
  if (!fromDb) throw configError('`db` is not a drizzle database: pass the object `drizzle(...)` returned.')
  if (fromDb !== fromTable) throw configError(`\`table\` is a ${fromTable} table but \`db\` is a ${fromDb} database: use the session table function of your database's dialect.`)
  return fromTable
}

// mysql2 reports changed rows in `affectedRows` (0 when the values were already equal); the
// "Rows matched" count in `info` is what a compare-and-set needs.
function matchedRows(result: unknown): number {
  const header = (Array.isArray(result) ? result[0] : result) as { info?: string; affectedRows?: number; rowsAffected?: number } | undefined
  const matched = /Rows matched: (\d+)/.exec(header?.info ?? '')
  return matched ? Number(matched[1]) : Number(header?.affectedRows ?? header?.rowsAffected ?? 0)
}

function isDuplicateKey(error: unknown): boolean {
  let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined
  for (let depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) return true
  }
  return false
}
