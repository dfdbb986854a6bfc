import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_DIR, pinned } from './server-process.ts'

/** What one load window measured. */
export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50Ms: number
  p99Ms: number
  /** Connection errors and timeouts. */
  errors: number
  /** Responses other than 2xx/3xx. */
  non2xx: number
}

export interface LoadOptions {
  url: string
  /** One Cookie header per session, sent round-robin. */
  cookies: string[]
  seconds: number
  connections: number
  core?: number
}

export type LoadTool = 'wrk' | 'autocannon'

export function pickLoadTool(): LoadTool {
  if (process.env.BENCH_LOAD_TOOL === 'autocannon') return 'autocannon'
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return 'wrk'
  } catch (error) {
    // wrk --version exits 1 after printing its version: it exists.
    if ((error as { status?: number }).status === 1) return 'wrk'
    return 'autocannon'
  }
}

export function runLoad(tool: LoadTool, options: LoadOptions): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options)
}

let cookieDir: string | undefined

async function runWrk(options: LoadOptions): Promise<LoadResult> {
  cookieDir ??= mkdtempSync(join(tmpdir(), 'sess-bench-'))
  const file = join(cookieDir, 'cookies.txt')
  writeFileSync(file, `${options.cookies.join('\n')}\n`)
  const wrkArgs = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '-s', join(BENCH_DIR, 'src/rotate-cookies.lua'), options.url, '--', file]
  const out = await run(...pinned(options.core, 'wrk', wrkArgs))
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '))
  if (!line) throw new Error(`[bench] wrk printed no summary:\n${out}`)
  const r = JSON.parse(line.slice('WRK_JSON '.length)) as { requests: number; duration_us: number; p50_us: number; p99_us: number; errors: number; non2xx: number }
  const seconds = r.duration_us / 1e6
  return { requests: r.requests, seconds, rps: r.requests / seconds, p50Ms: r.p50_us / 1000, p99Ms: r.p99_us / 1000, errors: r.errors, non2xx: r.non2xx }
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const worker = join(BENCH_DIR, 'src/autocannon-worker.ts')
  const input = JSON.stringify(options)
  const out = await run(...pinned(options.core, process.execPath, ['--import', 'tsx', worker, input]))
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`[bench] ${command} exited ${code}: ${err || out}`))))
  })
}
