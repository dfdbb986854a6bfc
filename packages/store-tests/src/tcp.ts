import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net'

/** A loopback TCP server that accepts connections and never answers: a hung backend. */
export interface HungServer {
  readonly host: '127.0.0.1'
  readonly port: number
  /** `'127.0.0.1:port'`. */
  readonly address: string
  /** Drops the connections it holds and stops listening. */
  stop(): Promise<void>
}

/**
 * A throwaway TCP proxy to a shared server, so a test can take "the database" away without
 * stopping the real one: `down()` refuses connections, `hang()` accepts them and never answers,
 * `up()` forwards again on the same port. Each switch drops the connections open at the time.
 */
export interface TcpProxy {
  readonly port: number
  up(): Promise<void>
  down(): Promise<void>
  hang(): Promise<void>
  close(): Promise<void>
}

// A loopback listener that remembers its sockets, so stopping it drops every connection.
function trackedListener(onConnection: (client: Socket, track: (socket: Socket) => void) => void) {
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        track(client)
        onConnection(client, track)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port
        server = s
        resolve()
      })
    })
  const stop = async () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
    const s = server
    server = null
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
  }
  return { listen, stop, port: () => port }
}

/** Starts a hung backend on a free loopback port: connections are accepted and never answered. */
export async function startHungServer(): Promise<HungServer> {
  const listener = trackedListener(() => {})
  await listener.listen()
  const port = listener.port()
  return { host: '127.0.0.1', port, address: `127.0.0.1:${port}`, stop: listener.stop }
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `targetHost:targetPort`. */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let forward = true
  const listener = trackedListener((client, track) => {
    if (!forward) return // hang: hold the connection, say nothing
    const upstream = connect(targetPort, targetHost)
    track(upstream)
    client.pipe(upstream).pipe(client)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })
  const switchTo = async (mode: 'forward' | 'hang' | 'down') => {
    await listener.stop()
    if (mode === 'down') return
    forward = mode === 'forward'
    await listener.listen()
  }
  await listener.listen()
  return {
    get port() {
      return listener.port()
    },
    up: () => switchTo('forward'),
    down: () => switchTo('down'),
    hang: () => switchTo('hang'),
    close: listener.stop,
  }
}
