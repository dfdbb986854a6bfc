import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { primeSessions } from './client.ts'
import { CONTENDERS, type Contender } from './contenders.ts'
import { type LoadResult, pickLoadTool, runLoad } from './load.ts'
import type { MicroRow } from './micro.ts'
import { cpuMicros } from './proc-cpu.ts'
import { type BenchRedis, callsPerRequest, commandCalls, monitorSplit, startRedis } from './redis.ts'
import { renderResults, type Measurement, type RunSettings } from './report.ts'
import { BENCH_DIR, pinned, startServer, tasksetAvailable } from './server-process.ts'
import { smoke } from './smoke.ts'

/*
 * `pnpm bench`: every contender, twice, then the micro-benchmarks; prints the tables and, with
 * --write, puts them in bench/RESULTS.md. `pnpm bench --smoke`: each server starts and answers.
 * Flags: --only=<text>[,<text>] (contenders whose name contains one; ceilings always run), --runs=N,
 * --seconds=N, --warmup=N, --connections=N, --no-micro, --micro (micro-benchmarks only), --no-build, --write.
 */
const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(`--${name}`)
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]

const cores = availableParallelism()
// Server and load generator on different cores where there are two; Redis is left to the scheduler.
const SERVER_CORE = cores >= 2 && tasksetAvailable() ? 1 : undefined
const LOAD_CORE = cores >= 2 && tasksetAvailable() ? 0 : undefined

const settings: RunSettings = {
  runs: Number(option('runs') ?? 2),
  seconds: Number(option('seconds') ?? 4),
  warmupSeconds: Number(option('warmup') ?? 1),
  connections: Number(option('connections') ?? 50),
  sessions: 100,
  tool: pickLoadTool(),
  cores,
  pinned: SERVER_CORE !== undefined,
}

if (flag('smoke')) {
  const failures = await smoke(selected(), { log: console.log })
  process.exit(failures > 0 ? 1 : 0)
}
if (flag('micro')) {
  const rows = await micro()
  console.log(renderResults({ settings, measurements: [], micro: rows, machine: machine(), startedAt: new Date() }).micro)
  process.exit(0)
}
await main()

function selected(): Contender[] {
  const only = option('only')
  if (!only) return CONTENDERS
  return CONTENDERS.filter((c) => c.ceiling || only.split(',').some((o) => c.name.includes(o)))
}

/** The servers load the workspace packages' `dist/`: build what is missing or stale (turbo caches the rest). */
function buildPackages(): void {
  if (flag('no-build')) return
  console.log('building the @sess packages the servers load (turbo; cached when up to date)...')
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@sess/bench^...', '--output-logs=errors-only'], { cwd: join(BENCH_DIR, '..'), stdio: 'inherit' })
}

async function main(): Promise<void> {
  buildPackages()
  const startedAt = new Date()
  const contenders = selected()
  console.log(`@sess benchmark: ${contenders.length} servers x ${settings.runs} runs, ${settings.seconds} s per route after ${settings.warmupSeconds} s warm-up per route, ${settings.connections} connections, ${settings.sessions} session cookies round-robin, load by ${settings.tool}.`)
  console.log(`NOTE: server and load generator share this machine (${cores} cores, load average ${loadavg()[0]!.toFixed(2)}); ${settings.pinned ? `server pinned to core ${SERVER_CORE}, load generator to core ${LOAD_CORE}` : 'no pinning (taskset missing or one core)'}. Compare ratios within one run, not absolute numbers across machines.`)

  let redis: BenchRedis | null = null
  if (contenders.some((c) => c.redis)) {
    try {
      redis = await startRedis()
    } catch (error) {
      console.log(`Redis contenders skipped: ${(error as Error).message} (install redis-server).`)
    }
  }
  const measurements: Measurement[] = []
  try {
    for (let run = 0; run < settings.runs; run++) {
      console.log(`\n--- run ${run + 1} of ${settings.runs} ---`)
      for (const contender of contenders) {
        if (contender.redis && !redis) continue
        const m = await measure(contender, run, redis)
        measurements.push(...m)
        for (const x of m) console.log(`${contender.name.padEnd(34)} /${x.route.padEnd(4)} ${Math.round(x.load.rps).toString().padStart(6)} req/s  p50 ${x.load.p50Ms.toFixed(2)} ms  p99 ${x.load.p99Ms.toFixed(2)} ms  cpu ${x.cpuUsPerRequest.toFixed(0)} µs/req${x.redis ? `  redis ${x.redis.total.toFixed(2)} calls/req` : ''}${x.load.non2xx + x.load.errors > 0 ? `  ERRORS ${x.load.non2xx + x.load.errors}` : ''}`)
      }
    }
  } finally {
    await redis?.stop()
  }
  const microRows = flag('no-micro') ? [] : await micro()
  const report = renderResults({ settings, measurements, micro: microRows, machine: machine(), startedAt })
  console.log(`\n${report.full}`)
  if (flag('write')) {
    const notes = join(BENCH_DIR, 'NOTES.md') // the analysis of the last results, kept by hand
    writeFileSync(join(BENCH_DIR, 'RESULTS.md'), existsSync(notes) ? `${report.full}\n${readFileSync(notes, 'utf8')}` : report.full)
    updateReadme(report.summary, startedAt)
    console.log('\nWrote bench/RESULTS.md and the summary in README.md')
  }
  console.log(`\nTotal ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`)
}

async function measure(contender: Contender, run: number, redis: BenchRedis | null): Promise<Measurement[]> {
  const server = await startServer(contender, { core: SERVER_CORE, env: redis ? { BENCH_REDIS_URL: redis.url } : {} })
  try {
    const cookies = await primeSessions(server.url, settings.sessions)
    const load = (route: string, seconds: number) =>
      runLoad(settings.tool, { url: `${server.url}/${route}`, cookies, seconds, connections: settings.connections, core: LOAD_CORE })
    await load('read', settings.warmupSeconds)
    await load('hit', settings.warmupSeconds)
    const out: Measurement[] = []
    for (const route of ['read', 'hit'] as const) {
      const cpuBefore = cpuMicros(server.pid)
      const callsBefore = contender.redis ? await commandCalls(redis!.client) : null
      const result: LoadResult = await load(route, settings.seconds)
      const cpu = cpuMicros(server.pid) - cpuBefore
      const calls = callsBefore ? callsPerRequest(callsBefore, await commandCalls(redis!.client), result.requests) : undefined
      const split = contender.redis && run === 0 ? await monitorSplit(redis!, `${server.url}/${route}`, cookies) : undefined
      out.push({ contender: contender.name, framework: contender.framework, ceiling: !!contender.ceiling, run, route, load: result, cpuUsPerRequest: cpu / result.requests, redis: calls, redisSplit: split })
    }
    return out
  } finally {
    await server.stop()
  }
}

/** Replaces the table between the bench markers of the root README (left alone when they are missing). */
function updateReadme(summary: string, startedAt: Date): void {
  const path = join(BENCH_DIR, '..', 'README.md')
  const readme = readFileSync(path, 'utf8')
  const start = '<!-- bench:start -->'
  const end = '<!-- bench:end -->'
  const a = readme.indexOf(start)
  const b = readme.indexOf(end)
  if (a === -1 || b < a) return
  const block = `${start}\n_Measured ${startedAt.toISOString().slice(0, 10)} on ${cores} cores (${machine().cpu}), Node ${process.version}; details in [bench/RESULTS.md](bench/RESULTS.md)._\n\n${summary}\n`
  writeFileSync(path, readme.slice(0, a) + block + readme.slice(b))
}

/** The micro-benchmarks, in their own process on the server's core. */
async function micro(): Promise<MicroRow[]> {
  console.log('\nmicro-benchmarks...')
  const script = join(BENCH_DIR, 'src/micro.ts')
  const [command, args] = pinned(SERVER_CORE, process.execPath, ['--import', 'tsx', script, '--json'])
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    child.stdout.on('data', (c: Buffer) => (text += c.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`[bench] micro.ts exited ${code}`))))
  })
  const line = out.split('\n').find((l) => l.startsWith('MICRO_JSON '))
  if (!line) throw new Error('[bench] micro.ts printed no results')
  return JSON.parse(line.slice('MICRO_JSON '.length)) as MicroRow[]
}

function machine(): { cpu: string; cores: number; node: string; load: string; tool: string } {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
  let tool: string = settings.tool
  if (settings.tool === 'wrk') {
    try {
      execFileSync('wrk', ['-v'], { stdio: 'pipe' })
    } catch (error) {
      tool = /^wrk \S+/.exec(String((error as { stdout?: Buffer }).stdout ?? ''))?.[0] ?? 'wrk'
    }
  }
  return { cpu, cores, node: process.version, load: loadavg().map((l) => l.toFixed(2)).join(' '), tool }
}
