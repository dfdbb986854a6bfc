import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { connect, createServer, type Socket } from 'node:net'
import { dirname, join } from 'node:path'

const BINARY_PACKAGE = '@jongodb/memory-server-bin-linux-x64-gnu'
const INSTALL_HINT = `set MONGODB_URL=mongodb://host:port or install the devDependency ${BINARY_PACKAGE} (pnpm install, on Linux x64 with glibc)`

/** A MongoDB-wire-compatible server (jongodb) this test run started on a loopback port. */
export interface ThrowawayMongo {
  url: string
  port: number
  /** Stops the process and waits until it has exited. */
  stop(): Promise<void>
  /** Starts it again on the same port (empty: jongodb keeps data in memory). */
  restart(): Promise<void>
}

/** The jongodb executable shipped in the npm binary package, or a clear error. */
export function jongodbBinary(): string {
  let path: string | undefined
  try {
    const require = createRequire(import.meta.url)
    path = join(dirname(require.resolve(`${BINARY_PACKAGE}/package.json`)), 'bin', 'jongodb')
  } catch {}
  if (!path || !existsSync(path)) throw new Error(`No MongoDB server: ${INSTALL_HINT}`)
  return path
}

/** `MONGODB_URL` if set, else a throwaway jongodb; `stop` stops only what this call started. */
export async function mongoServer(): Promise<{ url: string; server: string; stop(): Promise<void> }> {
  const fromEnv = process.env.MONGODB_URL
  if (fromEnv) return { url: fromEnv, server: 'MONGODB_URL', stop: async () => {} }
  const started = await startJongodb()
  return { url: started.url, server: 'jongodb', stop: started.stop }
}

/** Starts jongodb on a free loopback port and waits until it accepts connections. */
export async function startJongodb(): Promise<ThrowawayMongo> {
  const binary = jongodbBinary()
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(binary, ['--host=127.0.0.1', `--port=${port}`], { stdio: 'ignore' })
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
    url: `mongodb://127.0.0.1:${port}/`,
    port,
    stop,
    async restart() {
      await stop()
      await start()
    },
  }
}

/** A loopback TCP server that accepts connections and never answers: a hung backend. */
export async function startSilentServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `mongodb://127.0.0.1:${port}/`,
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
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`jongodb exited with code ${child.exitCode} on port ${port}; ${INSTALL_HINT}`)
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
  throw new Error(`jongodb did not listen on 127.0.0.1:${port} within 10 s`)
}
