import { fileURLToPath } from 'node:url'
import { SessionConfigError, type SessionStore } from '@sess/core'

/** The `SESSION_STORE` forms `storeFromEnv` understands. Unset or empty: the cookie store. */
export const STORE_SCHEMES = [
  'redis://host:port (or rediss://)',
  'memcached://host:port[,host:port]',
  'mongodb://host:port/db (or mongodb+srv://)',
  'postgres://user@host:port/db (or postgresql://)',
  'mysql://user@host:port/db',
  'sqlite:path/to/file.db',
  'file:/path/to/dir',
] as const

/** Table the SQL stores use; created on start if missing. */
export const SESSION_TABLE = 'sessions'

const TIMEOUTS = { connectMs: 2000, queryMs: 5000 }

/**
 * The session store `SESSION_STORE` names, or undefined for `@sess/core`'s default (the
 * CookieStore: sessions sealed in the cookie, no server to install). Store client libraries are
 * imported only for the scheme in use. SQL stores get their `sessions` table created if missing.
 * `close()` on the returned store closes every connection it opened.
 *
 * @throws SessionConfigError for an unknown scheme, listing those that exist.
 */
export async function storeFromEnv(value: string | undefined = process.env.SESSION_STORE): Promise<SessionStore | undefined> {
  const url = value?.trim()
  if (!url) return undefined
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase()
  switch (scheme) {
    case 'redis:':
    case 'rediss:': {
      const { RedisStore } = await import('@sess/store-redis')
      return new RedisStore({ url })
    }
    case 'memcached:': {
      const { MemcachedStore } = await import('@sess/store-memcached')
      return new MemcachedStore({ servers: url.slice('memcached://'.length).replace(/\/$/, '') })
    }
    case 'mongodb:':
    case 'mongodb+srv:': {
      const { MongoStore } = await import('@sess/store-mongodb')
      const dbName = /^[^/]+\/\/[^/]+\/([^/?]+)/.exec(url)?.[1]
      return new MongoStore({ url, ...(dbName ? { dbName: decodeURIComponent(dbName) } : {}) })
    }
    case 'postgres:':
    case 'postgresql:':
      return postgresStore(url)
    case 'mysql:':
      return mysqlStore(url)
    case 'sqlite:':
      return sqliteStore(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''))
    case 'file:': {
      const { FileStore } = await import('@sess/store-fs')
      return new FileStore({ dir: url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length) })
    }
    default:
      throw new SessionConfigError(
        `[sess] [demo] SESSION_STORE has ${scheme ? `the unknown scheme "${scheme}"` : 'no scheme'}. Use one of: ${STORE_SCHEMES.join(', ')}; or leave it unset for the cookie store.`,
      )
  }
}

/** `SESSION_STORE` for display: the password replaced by `***`; the cookie store when unset. */
export function storeLabel(value: string | undefined = process.env.SESSION_STORE): string {
  const url = value?.trim()
  return url ? url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@') : 'cookie (default)'
}

async function postgresStore(url: string): Promise<SessionStore> {
  const [{ default: pg }, { drizzle }, { DrizzleStore, pgSessionTable, createSessionTableSql }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('@sess/store-drizzle'),
  ])
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: TIMEOUTS.connectMs, query_timeout: TIMEOUTS.queryMs })
  pool.on('error', () => {}) // an idle connection the server dropped: the next query reconnects
  return withTable(pool.query.bind(pool), createSessionTableSql('postgresql', SESSION_TABLE), () => pool.end(), (close) =>
    Object.assign(new DrizzleStore({ db: drizzle({ client: pool }), table: pgSessionTable(SESSION_TABLE) }), { close }),
  )
}

async function mysqlStore(url: string): Promise<SessionStore> {
  const [{ default: mysql }, { drizzle }, { DrizzleStore, mysqlSessionTable, createSessionTableSql }] = await Promise.all([
    import('mysql2/promise'),
    import('drizzle-orm/mysql2'),
    import('@sess/store-drizzle'),
  ])
  const pool = mysql.createPool({ uri: url, connectTimeout: TIMEOUTS.connectMs })
  return withTable((sql) => pool.query(sql), createSessionTableSql('mysql', SESSION_TABLE), () => pool.end(), (close) =>
    Object.assign(new DrizzleStore({ db: drizzle({ client: pool }), table: mysqlSessionTable(SESSION_TABLE) }), { close }),
  )
}

async function sqliteStore(path: string): Promise<SessionStore> {
  const [{ default: Database }, { drizzle }, { DrizzleStore, sqliteSessionTable, createSessionTableSql }] = await Promise.all([
    import('better-sqlite3'),
    import('drizzle-orm/better-sqlite3'),
    import('@sess/store-drizzle'),
  ])
  if (!path) throw new SessionConfigError('[sess] [demo] SESSION_STORE=sqlite: needs a file path, e.g. sqlite:./sessions.db')
  const db = new Database(path)
  db.pragma('journal_mode = WAL') // readers do not wait for the writer
  for (const statement of createSessionTableSql('sqlite', SESSION_TABLE)) db.exec(statement)
  return Object.assign(new DrizzleStore({ db: drizzle({ client: db }), table: sqliteSessionTable(SESSION_TABLE) }), {
    close: async () => void db.close(),
  })
}

/** Creates the sessions table, then builds the store; the connection is released if either fails. */
async function withTable(
  run: (sql: string) => Promise<unknown>,
  statements: string[],
  release: () => Promise<void>,
  build: (close: () => Promise<void>) => SessionStore,
): Promise<SessionStore> {
  try {
    for (const statement of statements) await run(statement)
    return build(release)
  } catch (error) {
    await release().catch(() => {})
    throw error
  }
}
