import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Contender } from './contenders.ts'

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')

/** A contender's server, running in its own process. */
export interface RunningServer {
  url: string
  pid: number
  stop(): Promise<void>
}

const hasTaskset = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset')

/** `taskset -c <core>` when taskset exists and the machine has that core, else nothing. */
export function pinned(core: number | undefined, command: string, args: string[]): [string, string[]] {
  return core !== undefined && hasTaskset ? ['taskset', ['-c', String(core), command, ...args]] : [command, args]
}

export function tasksetAvailable(): boolean {
  return hasTaskset
}

/**
 * Starts `servers/<script>.ts` on `port` (0: any) and resolves once it listens. Workspace packages
 * load from their built `dist/`, as users get them; with `source`, from `src/` (the `dev-source`
 * condition, no build needed: the smoke test), which tsx transforms and so runs slower.
 */
export function startServer(
  contender: Contender,
  options: { port?: number; core?: number; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; source?: boolean } = {},
): Promise<RunningServer> {
  const script = join(BENCH_DIR, 'src/servers', `${contender.script}.ts`)
  const conditions = options.source ? ['--conditions=dev-source'] : []
  const nodeArgs = [...conditions, '--import', 'tsx', ...(options.nodeArgs ?? []), script, String(options.port ?? 0), ...(contender.args ?? [])]
  const [command, args] = pinned(options.core, process.execPath, nodeArgs)
  const child = spawn(command, args, { cwd: BENCH_DIR, env: { ...process.env, ...options.env }, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`[bench] ${contender.name} did not start within 30 s`)), 30_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\n${stderr}`))
    }
    child.once('exit', (code) => fail(new Error(`[bench] ${contender.name} exited (code ${code}) before listening`)))
    child.on('message', (message) => {
      const match = /^listening (\d+)$/.exec(String(message))
      if (!match) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({ url: `http://127.0.0.1:${match[1]}`, pid: child.pid!, stop: () => stop(child) })
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
