import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A listening test server: its base URL and how to stop it. */
export interface BindingServer {
  /** Base URL, for example `http://127.0.0.1:39211`. */
  url: string
  /** Stops the server, dropping kept-alive connections. */
  close(): Promise<void>
}

/**
 * Serves a Node request listener (an Express app, `koaApp.callback()`, ...) on a free loopback
 * port. `close()` also ends kept-alive connections, so it never hangs on an idle fetch pool.
 */
export async function serveNode(listener: RequestListener | Server): Promise<BindingServer> {
  const server = typeof listener === 'function' ? createServer(listener) : listener
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
