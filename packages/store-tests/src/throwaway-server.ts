import { type ChildProcess, spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'

/** A server process a test run started on a loopback port, for tests that take it away. */
export interface ThrowawayServer {
  readonly host: '127.0.0.1'
  readonly port: number
  /** `'127.0.0.1:port'`. */
  readonly address: string
  /** Stops the process and waits until it has exited; stopping a stopped server does nothing. */
  stop(): Promise<void>
  /** Stops it if it runs, then starts it again on the same port with the same arguments. */
  restart(): Promise<void>
  /** Sends a signal to the running process (SIGSTOP makes a server that accepts and never answers). */
  signal(signal: NodeJS.Signals): void
}

export interface ThrowawayServerOptions {
  /** Used in error messages: `'memcached'`, `'redis-server'`. */
  name: string
  /** The executable: a path, or a name looked up on PATH. */
  command: string
  /** The arguments for a start on `port`. */
  args(port: number): string[]
  /** The port; a free loopback port if not given. */
  port?: number
  /** True once the server is ready; by default, once it accepts TCP connections on `port`. */
  ready?(port: number): Promise<boolean>
  /** How long a start may take before it fails. @default 10000 */
  startTimeoutMs?: number
  /** The signal `stop` sends. @default 'SIGTERM' */
  stopSignal?: NodeJS.Signals
  /** Appended to start failures: how to get the binary, or how to point the tests at a server. */
  hint?: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A loopback port no one listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** True when something accepts a TCP connection on `host:port`. */
export function portAccepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Polls `check` until it is true, failing after `timeoutMs` with a message naming `what`.
 * `abort` is checked first on every round: a reason it returns fails the wait at once.
 */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, options: { timeoutMs?: number; intervalMs?: number; abort?: () => string | undefined } = {}): Promise<void> {
  const { timeoutMs = 15_000, intervalMs = 50, abort } = options
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const reason = abort?.()
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}`)
    if (await check()) return
    await sleep(intervalMs)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

/**
 * Starts a server process on a loopback port and waits until it is ready, for tests that stop,
 * restart or freeze their backend. The process's output is ignored.
 *
 * @example
 * const memcached = await startThrowawayServer({ name: 'memcached', command: 'memcached', args: (port) => ['-l', '127.0.0.1', '-p', String(port)] })
 */
export async function startThrowawayServer(options: ThrowawayServerOptions): Promise<ThrowawayServer> {
  const port = options.port ?? (await freePort())
  let child: ChildProcess | undefined
  const start = async () => {
    child = launch(options, port)
    await waitUntilReady(options, port, child)
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (running) await stopProcess(running, options.stopSignal ?? 'SIGTERM')
  }
  await start()
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop()
      await start()
    },
    signal: (signal) => void child?.kill(signal),
  }
}

function launch(options: ThrowawayServerOptions, port: number): ChildProcess {
  const child = spawn(options.command, options.args(port), { stdio: 'ignore' })
  child.on('error', () => {}) // a missing binary: reported by the readiness wait, with the hint
  return child
}

async function waitUntilReady(options: ThrowawayServerOptions, port: number, child: ChildProcess): Promise<void> {
  const hint = options.hint ? `; ${options.hint}` : ''
  const ready = options.ready ?? ((p: number) => portAccepts(p))
  const exited = () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) return undefined
    return `${options.name} exited (${child.exitCode ?? child.signalCode ?? 'it could not be started'}) on port ${port}`
  }
  try {
    await waitFor(`${options.name} on 127.0.0.1:${port}`, () => ready(port), { timeoutMs: options.startTimeoutMs ?? 10_000, abort: exited })
  } catch (error) {
    await stopProcess(child, 'SIGKILL')
    throw new Error(`[store-tests] ${(error as Error).message}${hint}`, { cause: error })
  }
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill(signal)
  await exited
}
