import mysql from 'mysql2/promise'
import pg from 'pg'

/** PostgreSQL for the tests: `DATABASE_URL_PG`, or the local server at the standard port. */
export const PG_URL = process.env.DATABASE_URL_PG ?? 'postgres://postgres@127.0.0.1:5432/test'
/** MariaDB/MySQL for the tests: `DATABASE_URL_MYSQL`, or the local server at the standard port. */
export const MYSQL_URL = process.env.DATABASE_URL_MYSQL ?? 'mysql://root@127.0.0.1:3306/test'

/** A table name no other run against the same server uses. */
export function uniqueTableName(): string {
  return `sess_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

/** A connected pg pool, or an error that says how to get a server. */
export async function connectPg(options: pg.PoolConfig = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: PG_URL, connectionTimeoutMillis: 5000, ...options })
  pool.on('error', () => {}) // idle clients dropped by the server; the next query reconnects
  try {
    await pool.query('select 1')
  } catch (error) {
    await pool.end().catch(() => {})
    throw new Error(
      `PostgreSQL is not reachable at ${redact(PG_URL)} (${(error as Error).message}). Start it (Debian: apt-get install -y postgresql, ` +
        `trust auth for user postgres, database "test") or set DATABASE_URL_PG to a server the tests may create tables in.`,
      { cause: error },
    )
  }
  return pool
}

/** A connected mysql2 pool, or an error that says how to get a server. */
export async function connectMysql(options: mysql.PoolOptions = {}): Promise<mysql.Pool> {
  const pool = mysql.createPool({ uri: MYSQL_URL, connectTimeout: 5000, connectionLimit: 10, ...options })
  try {
    await pool.query('select 1')
  } catch (error) {
    await pool.end().catch(() => {})
    throw new Error(
      `MariaDB/MySQL is not reachable at ${redact(MYSQL_URL)} (${(error as Error).message}). Start it (Debian: apt-get install -y mariadb-server, ` +
        `root without password, database "test") or set DATABASE_URL_MYSQL to a server the tests may create tables in.`,
      { cause: error },
    )
  }
  return pool
}
