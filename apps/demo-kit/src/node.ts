import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SessionStore } from '@sess/core'
import { demoSecret } from './secret.js'
import { storeFromEnv, storeLabel } from './store.js'

/** What every demo app is built from. */
export interface DemoConfig {
  /** Signs the session cookie (32+ characters). */
  secret: string
  /** Where sessions live; undefined: the cookie store. */
  store?: SessionStore | undefined
  /** `store` for display (no passwords). */
  storeLabel?: string | undefined
}

/** A listening demo. */
export interface RunningDemo {
  /** `http://localhost:<port>`. */
  url: string
  server: Server
  /** Stops accepting connections, ends open ones, and waits. */
  close(): Promise<void>
}

/** Serves `listener` on `port` (0: any free one) on `host` (default: every interface). */
export async function listen(listener: RequestListener, port = 0, host?: string): Promise<RunningDemo> {
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const { port: actual } = server.address() as AddressInfo
  return {
    url: `http://localhost:${actual}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/**
 * The whole `server.ts` of a demo: reads `PORT` (default 3000), `SESSION_SECRET` and
 * `SESSION_STORE`, builds the app, listens, and closes the server and the store on SIGINT/SIGTERM.
 */
export async function runDemo(framework: string, build: (config: DemoConfig) => RequestListener): Promise<RunningDemo> {
  const label = storeLabel()
  let store: SessionStore | undefined
  try {
    store = await storeFromEnv()
  } catch (error) {
    console.error(`[demo] Could not open the session store ${label}: ${(error as Error).message}`)
    process.exit(1)
  }
  const port = Number(process.env.PORT ?? 3000)
  const running = await listen(build({ secret: demoSecret(), store, storeLabel: label }), port)
  console.log(`@sess ${framework} demo on ${running.url} (session store: ${label})`)
  const stop = async () => {
    await running.close()
    await store?.close?.()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return running
}
