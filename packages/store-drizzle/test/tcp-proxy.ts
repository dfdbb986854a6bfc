import net from 'node:net'

/**
 * A throwaway TCP proxy to a shared database server, so a test can take "the database" away
 * without stopping the real one: `down()` refuses connections, `hang()` accepts them and never
 * answers, `up()` forwards again on the same port.
 */
export interface TcpProxy {
  readonly port: number
  up(): Promise<void>
  down(): Promise<void>
  hang(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let forward = true
  let server: net.Server | null = null
  let port = 0

  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        track(client)
        if (!forward) return // hang: hold the connection, say nothing
        const upstream = net.connect(targetPort, targetHost)
        track(upstream)
        client.pipe(upstream).pipe(client)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port
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

  await listen()
  return {
    get port() {
      return port
    },
    async up() {
      await stop()
      forward = true
      await listen()
    },
    async down() {
      await stop()
    },
    async hang() {
      await stop()
      forward = false
      await listen()
    },
    close: stop,
  }
}
