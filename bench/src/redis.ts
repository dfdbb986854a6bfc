import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { PROXY_HEADERS } from './client.ts'
import { pinned } from './server-process.ts'

/** A throwaway redis-server for the run: its command counters see only the benchmark. */
export interface BenchRedis {
  url: string
  client: Redis
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startRedis(core?: number): Promise<BenchRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sess-bench-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  const child: ChildProcess = spawn(...pinned(core, 'redis-server', args), { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 50 })
  client.on('error', () => {})
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect()
      await client.ping()
      break
    } catch (error) {
      if (attempt > 50 || child.exitCode !== null) throw new Error(`[bench] redis-server did not start: ${String(error)}`)
      client.disconnect()
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    url,
    client,
    async stop() {
      client.disconnect()
      child.kill('SIGTERM')
    },
  }
}

/** Calls per command since the server started (`INFO commandstats`), the harness's own INFO and CONFIG left out. */
export async function commandCalls(client: Redis): Promise<Map<string, number>> {
  const info = await client.info('commandstats')
  const calls = new Map<string, number>()
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const name = match[1]!
    if (name === 'info' || name.startsWith('config') || name === 'monitor' || name === 'ping') continue
    calls.set(name, Number(match[2]))
  }
  return calls
}

/** Per-request command counts between two `commandCalls` snapshots. */
export function callsPerRequest(before: Map<string, number>, after: Map<string, number>, requests: number): { total: number; byCommand: Record<string, number> } {
  const byCommand: Record<string, number> = {}
  let total = 0
  for (const [name, count] of after) {
    const delta = count - (before.get(name) ?? 0)
    if (delta / requests < 0.005) continue // stragglers from the window before
    byCommand[name] = delta / requests
    total += delta
  }
  return { total: total / requests, byCommand }
}

/**
 * `INFO commandstats` also counts the commands a Lua script runs. To tell round trips from work
 * inside scripts, replay a few requests one at a time under MONITOR, which marks script calls
 * with the source "lua". Outside the timed windows (MONITOR slows Redis down).
 */
export async function monitorSplit(redis: BenchRedis, url: string, cookies: string[], requests = 20): Promise<{ sent: number; inScripts: number; byCommand: Record<string, number> }> {
  await new Promise((r) => setTimeout(r, 500)) // let requests still in flight from the load window finish
  const monitor = await redis.client.monitor()
  let sent = 0
  let inScripts = 0
  const byCommand: Record<string, number> = {}
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = String(args[0]).toLowerCase()
    if (name === 'info' || name === 'ping' || name === 'monitor') return
    if (source === 'lua') inScripts++
    else {
      sent++
      byCommand[name] = (byCommand[name] ?? 0) + 1
    }
  })
  for (let i = 0; i < requests; i++) {
    const response = await fetch(url, { headers: { cookie: cookies[i % cookies.length]!, ...PROXY_HEADERS } })
    await response.text()
  }
  await new Promise((r) => setTimeout(r, 200)) // MONITOR lines trail the replies
  monitor.disconnect()
  for (const name of Object.keys(byCommand)) byCommand[name]! /= requests
  return { sent: sent / requests, inScripts: inScripts / requests, byCommand }
}
