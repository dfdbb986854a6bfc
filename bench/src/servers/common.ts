import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

/**
 * What every contender shares: a fresh 32-byte random secret, Secure + HttpOnly + SameSite=Lax
 * persistent cookies, no resave, no saveUninitialized, not rolling. The load generator sends
 * `X-Forwarded-Proto: https`, so libraries that refuse Secure cookies over plain HTTP
 * (express-session, cookie-session, koa-session) are told the request came through a TLS proxy.
 */
export const SECRET = randomBytes(32).toString('hex')
/** Cookie and session lifetime, seconds. */
export const MAX_AGE_S = 14 * 24 * 3600
export const MAX_AGE_MS = MAX_AGE_S * 1000

/** The port to listen on: argv[2], or 0 (any free port) for tests. */
export function portFromArgs(): number {
  const port = Number(process.argv[2] ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`[bench] bad port ${process.argv[2]}`)
  return port
}

/** The store variant for @sess servers: argv[3] (memory | cookie | redis). */
export function storeKindFromArgs(): 'memory' | 'cookie' | 'redis' {
  const kind = process.argv[3] ?? 'memory'
  if (kind !== 'memory' && kind !== 'cookie' && kind !== 'redis') throw new Error(`[bench] unknown store ${kind}`)
  return kind
}

export function redisUrl(): string {
  return process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/**
 * node-redis, the client connect-redis 9 is written for. It is connect-redis's peer dependency in
 * the lockfile, so it is resolved from connect-redis's own location.
 */
export function requireNodeRedis(): NodeRedis {
  const require = createRequire(createRequire(import.meta.url).resolve('connect-redis'))
  return require('redis') as NodeRedis
}

interface NodeRedis {
  createClient(options: { url: string }): { connect(): Promise<unknown>; on(event: 'error', listener: (error: unknown) => void): unknown }
}

/** Tells the parent process (run.ts, the smoke test) the port once the server listens. */
export function announce(server: Server): void {
  const { port } = server.address() as AddressInfo
  const message = `listening ${port}`
  if (process.send) process.send(message)
  else console.log(message)
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
