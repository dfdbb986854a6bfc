import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { delimiter, join } from 'node:path'

const INSTALL_HINT = 'install memcached: apt-get install -y memcached'

/** A memcached process this test run started on a loopback port. */
export interface ThrowawayMemcached {
  /** `'127.0.0.1:port'`, for `servers` or `memjs.Client.create`. */
  address: string
  port: number
  /** Stops the process and waits until it has exited. */
  stop(): Promise<void>
  /** Starts it again on the same port (empty, as memcached keeps nothing on disk). */
  restart(): Promise<void>
}

/** The memcached binary on PATH (or Debian's /usr/sbin, /usr/bin), or a clear error. */
export function memcachedBinary(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin']
  const found = dirs.filter(Boolean).map((dir) => join(dir, 'memcached')).find((path) => existsSync(path))
  if (!found) throw new Error(`No memcached server: set MEMCACHED_SERVERS=host:port[,host:port] or ${INSTALL_HINT}`)
  return found
}

/**
 * Servers for the conformance suite: `MEMCACHED_SERVERS` if set, else `count` throwaway servers.
 * `stopAll` stops only what this call started.
 */
export async function memcachedServers(count: number): Promise<{ servers: string[]; stopAll(): Promise<void> }> {
  const fromEnv = process.env.MEMCACHED_SERVERS?.split(',').filter(Boolean)
  if (fromEnv?.length) return { servers: fromEnv, stopAll: async () => {} }
  const started: ThrowawayMemcached[] = []
  try {
    for (let i = 0; i < count; i++) started.push(await startMemcached())
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()))
    throw error
  }
  return { servers: started.map((s) => s.address), stopAll: async () => void (await Promise.all(started.map((s) => s.stop()))) }
}

/** Starts memcached on a free loopback port (TCP only) and waits until it accepts connections. */
export async function startMemcached(): Promise<ThrowawayMemcached> {
  const binary = memcachedBinary()
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    // memcached refuses to run as root unless told which user to run as.
    const user = process.getuid?.() === 0 ? ['-u', 'root'] : []
    child = spawn(binary, ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', ...user], { stdio: 'ignore' })
    await waitForPort(port, child)
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    address: `127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop()
      await start()
    },
  }
}

/** A loopback TCP server that accepts connections and never answers: a hung backend. */
export async function startSilentServer(): Promise<{ address: string; stop(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    address: `127.0.0.1:${port}`,
    stop: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`memcached exited with code ${child.exitCode} on port ${port}; ${INSTALL_HINT}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`memcached did not listen on 127.0.0.1:${port} within 5 s`)
}
