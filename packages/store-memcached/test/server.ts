import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { startThrowawayServer, type ThrowawayServer } from '@sess/store-tests'

const INSTALL_HINT = 'install memcached: apt-get install -y memcached'

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
  const started: ThrowawayServer[] = []
  try {
    for (let i = 0; i < count; i++) started.push(await startMemcached())
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()))
    throw error
  }
  return { servers: started.map((s) => s.address), stopAll: async () => void (await Promise.all(started.map((s) => s.stop()))) }
}

/** Starts memcached on a free loopback port (TCP only, empty after a restart) and waits until it accepts connections. */
export function startMemcached(): Promise<ThrowawayServer> {
  // memcached refuses to run as root unless told which user to run as.
  const user = process.getuid?.() === 0 ? ['-u', 'root'] : []
  return startThrowawayServer({
    name: 'memcached',
    command: memcachedBinary(),
    args: (port) => ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', ...user],
    hint: INSTALL_HINT,
  })
}
