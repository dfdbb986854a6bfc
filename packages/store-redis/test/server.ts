import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startThrowawayServer, type ThrowawayServer } from '@sess/store-tests'
import { Redis } from 'ioredis'

export const DEFAULT_URL = 'redis://127.0.0.1:6379'
const INSTALL_HINT = 'Install Redis (Debian/Ubuntu: `apt-get install -y redis-server`, which also provides redis-cli), or set REDIS_URL to a running server.'

/** A redis-server process this test run started, on a loopback port. */
export interface RedisServer extends ThrowawayServer {
  url: string
}

/** True when a Redis server answers PING at `url` within a second. */
export async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

export function requireBinary(name: string): void {
  if (spawnSync(name, ['--version']).error) throw new Error(`[store-redis tests] \`${name}\` is not on PATH. ${INSTALL_HINT}`)
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * `count` consecutive free loopback ports whose +10000 cluster-bus ports are free too, all below
 * Linux's ephemeral range (32768 and up): a port free when checked could otherwise be taken as
 * the source port of a readiness probe before the server binds it.
 */
export async function freePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_000 + Math.floor(Math.random() * (12_000 - count))
    const ports = Array.from({ length: count }, (_, i) => base + i)
    const checks = await Promise.all(ports.flatMap((p) => [portIsFree(p), portIsFree(p + 10_000)]))
    if (checks.every(Boolean)) return ports
  }
  throw new Error('[store-redis tests] found no free loopback ports for throwaway Redis servers')
}

/**
 * Starts `redis-server` on `port` (loopback only, no persistence unless `args` say otherwise) in
 * `dir`, and waits until it answers. `stop` kills it outright.
 */
export async function startRedisServer(port: number, dir: string, args: string[] = [], binaryArgs: string[] = []): Promise<RedisServer> {
  requireBinary('redis-server')
  const url = `redis://127.0.0.1:${port}`
  const server = await startThrowawayServer({
    name: 'redis-server',
    command: 'redis-server',
    port,
    args: () => [...binaryArgs, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args],
    ready: () => answers(url),
    startTimeoutMs: 15_000,
    stopSignal: 'SIGKILL',
    hint: INSTALL_HINT,
  })
  return { ...server, url }
}

/** A temp directory removed by the returned function. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sess-${label}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The standalone server: REDIS_URL or 127.0.0.1:6379 if it answers, else a throwaway one. */
export async function findOrStartStandalone(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL ?? DEFAULT_URL
  if (await answers(url)) return { url, stop: async () => {} }
  if (process.env.REDIS_URL) throw new Error(`[store-redis tests] REDIS_URL=${url} does not answer PING. Start that server, or unset REDIS_URL.`)
  const [port] = await freePorts(1)
  const temp = tempDir('redis')
  const server = await startRedisServer(port!, temp.dir)
  return {
    url: server.url,
    stop: async () => {
      await server.stop()
      temp.remove()
    },
  }
}
