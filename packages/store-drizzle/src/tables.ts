import { customType as mysqlCustomType, bigint as mysqlBigint, index as mysqlIndex, int, mysqlTable } from 'drizzle-orm/mysql-core'
import { bigint as pgBigint, customType as pgCustomType, index as pgIndex, integer as pgInteger, pgTable, varchar as pgVarchar } from 'drizzle-orm/pg-core'
import { index as sqliteIndex, integer as sqliteInteger, sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// Drivers that hand bytea back as text use PostgreSQL's hex output format: `\x6869`.
function hexBytes(text: string): Uint8Array {
  const hex = text.startsWith('\\x') ? text.slice(2) : text
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

/**
 * PostgreSQL `text` cannot hold NUL, and a serialized session may, so the payload is stored as its
 * UTF-8 bytes in a `bytea` column and decoded on read.
 */
const utf8Bytea = pgCustomType<{ data: string; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => encoder.encode(value),
  fromDriver: (value: Uint8Array | string) => decoder.decode(typeof value === 'string' ? hexBytes(value) : value),
})

// MySQL compares text case-insensitively by default; keys and user ids must match byte for byte.
const binaryVarchar = mysqlCustomType<{ data: string }>({
  dataType: () => 'varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
})
// `text` stops at 64 KB; `mediumtext` holds 16 MB.
const mediumText = mysqlCustomType<{ data: string }>({
  dataType: () => 'mediumtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
})

/**
 * The sessions table for PostgreSQL. Add it to your drizzle schema so your migrations create it
 * (or run `createSessionTableSql('postgresql', name)`). Times are epoch milliseconds.
 *
 * @example
 * export const sessions = pgSessionTable('sessions')
 */
export function pgSessionTable<TName extends string = 'sessions'>(name: TName = 'sessions' as TName) {
  return pgTable(
    name,
    {
      key: pgVarchar('key', { length: 255 }).primaryKey(),
      data: utf8Bytea('data').notNull(),
      expiresAt: pgBigint('expires_at', { mode: 'number' }).notNull(),
      version: pgInteger('version').notNull(),
      createdAt: pgBigint('created_at', { mode: 'number' }).notNull(),
      userId: pgVarchar('user_id', { length: 255 }),
    },
    (t) => [pgIndex(`${name}_expires_at_idx`).on(t.expiresAt), pgIndex(`${name}_user_id_idx`).on(t.userId)],
  )
}

/** The sessions table for MySQL and MariaDB (utf8mb4, binary collation, `mediumtext` payload). */
export function mysqlSessionTable<TName extends string = 'sessions'>(name: TName = 'sessions' as TName) {
  return mysqlTable(
    name,
    {
      key: binaryVarchar('key').primaryKey(),
      data: mediumText('data').notNull(),
      expiresAt: mysqlBigint('expires_at', { mode: 'number' }).notNull(),
      version: int('version').notNull(),
      createdAt: mysqlBigint('created_at', { mode: 'number' }).notNull(),
      userId: binaryVarchar('user_id'),
    },
    (t) => [mysqlIndex(`${name}_expires_at_idx`).on(t.expiresAt), mysqlIndex(`${name}_user_id_idx`).on(t.userId)],
  )
}

/** The sessions table for SQLite (better-sqlite3, libSQL, D1, ...). */
export function sqliteSessionTable<TName extends string = 'sessions'>(name: TName = 'sessions' as TName) {
  return sqliteTable(
    name,
    {
      key: sqliteText('key').primaryKey(),
      data: sqliteText('data').notNull(),
      expiresAt: sqliteInteger('expires_at').notNull(),
      version: sqliteInteger('version').notNull(),
      createdAt: sqliteInteger('created_at').notNull(),
      userId: sqliteText('user_id'),
    },
    (t) => [sqliteIndex(`${name}_expires_at_idx`).on(t.expiresAt), sqliteIndex(`${name}_user_id_idx`).on(t.userId)],
  )
}

export type PgSessionTable = ReturnType<typeof pgSessionTable<string>>
export type MysqlSessionTable = ReturnType<typeof mysqlSessionTable<string>>
export type SqliteSessionTable = ReturnType<typeof sqliteSessionTable<string>>
/** Any of the three session tables. */
export type SessionTable = PgSessionTable | MysqlSessionTable | SqliteSessionTable
