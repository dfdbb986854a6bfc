export { DrizzleStore, type DrizzleStoreOptions } from './drizzle-store.js'
export { mysqlSessionTable, pgSessionTable, sqliteSessionTable, type MysqlSessionTable, type PgSessionTable, type SessionTable, type SqliteSessionTable } from './tables.js'
export { createSessionTableSql, type SessionDialect } from './ddl.js'
