import { SessionConfigError } from '@sess/core'

/** The SQL dialects the store speaks, named as drizzle-kit names them. */
export type SessionDialect = 'postgresql' | 'mysql' | 'sqlite'

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * The `CREATE TABLE` and `CREATE INDEX` statements for the sessions table, for apps that do not
 * generate migrations with drizzle-kit. Idempotent (`IF NOT EXISTS`); run each statement in order.
 * The columns match `pgSessionTable`, `mysqlSessionTable` and `sqliteSessionTable`.
 *
 * @example
 * for (const statement of createSessionTableSql('postgresql')) await pool.query(statement)
 */
export function createSessionTableSql(dialect: SessionDialect, name = 'sessions'): string[] {
  if (!TABLE_NAME.test(name)) {
    throw new SessionConfigError(`[sess] [drizzle] Table name must be letters, digits and underscores, starting with a letter or underscore (got ${JSON.stringify(name)}).`)
  }
  switch (dialect) {
    case 'postgresql':
      return [
        `CREATE TABLE IF NOT EXISTS "${name}" ("key" varchar(255) PRIMARY KEY NOT NULL, "data" bytea NOT NULL, "expires_at" bigint NOT NULL, "version" integer NOT NULL, "created_at" bigint NOT NULL, "user_id" varchar(255))`,
        `CREATE INDEX IF NOT EXISTS "${name}_expires_at_idx" ON "${name}" ("expires_at")`,
        `CREATE INDEX IF NOT EXISTS "${name}_user_id_idx" ON "${name}" ("user_id")`,
      ]
    case 'mysql': {
      const binary = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin'
      return [
        `CREATE TABLE IF NOT EXISTS \`${name}\` (\`key\` varchar(255) ${binary} NOT NULL PRIMARY KEY, \`data\` mediumtext ${binary} NOT NULL, \`expires_at\` bigint NOT NULL, \`version\` int NOT NULL, \`created_at\` bigint NOT NULL, \`user_id\` varchar(255) ${binary}, INDEX \`${name}_expires_at_idx\` (\`expires_at\`), INDEX \`${name}_user_id_idx\` (\`user_id\`)) DEFAULT CHARSET=utf8mb4`,
      ]
    }
    case 'sqlite':
      return [
        `CREATE TABLE IF NOT EXISTS "${name}" ("key" text PRIMARY KEY NOT NULL, "data" text NOT NULL, "expires_at" integer NOT NULL, "version" integer NOT NULL, "created_at" integer NOT NULL, "user_id" text)`,
        `CREATE INDEX IF NOT EXISTS "${name}_expires_at_idx" ON "${name}" ("expires_at")`,
        `CREATE INDEX IF NOT EXISTS "${name}_user_id_idx" ON "${name}" ("user_id")`,
      ]
    default:
      throw new SessionConfigError(`[sess] [drizzle] Unknown dialect ${JSON.stringify(dialect)}: use 'postgresql', 'mysql' or 'sqlite'.`)
  }
}
