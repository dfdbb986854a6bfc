import { spawnSync } from 'node:child_process'
import { Redis } from 'ioredis'
import { waitFor } from '@sess/store-tests'
import { freePorts, type RedisServer, requireBinary, startRedisServer, tempDir } from './server.js'

export interface TestCluster {
  /** Seed nodes for `new Cluster(nodes)`. */
  nodes: { host: string; port: number }[]
  servers: RedisServer[]
  stop(): Promise<void>
}

async function clusterState(port: number): Promise<string> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, commandTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    return String(await client.cluster('INFO'))
  } catch {
    return ''
  } finally {
    client.disconnect()
  }
}

/**
 * A real Redis Cluster: 3 masters and 3 replicas on free loopback ports, each node a
 * `redis-server --cluster-enabled yes` in a temp directory, joined with `redis-cli --cluster create`.
 */
export async function startCluster(): Promise<TestCluster> {
  requireBinary('redis-cli')
  const temp = tempDir('redis-cluster')
  const ports = await freePorts(6)
  const servers: RedisServer[] = []
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()))
    temp.remove()
  }
  try {
    for (const port of ports) {
      servers.push(
        await startRedisServer(port, temp.dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000']),
      )
    }
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    )
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stderr || create.stdout}`)
    await waitFor('cluster_state:ok on every node', async () => {
      const states = await Promise.all(ports.map(clusterState))
      return states.every((s) => s.includes('cluster_state:ok') && s.includes('cluster_known_nodes:6'))
    }, { timeoutMs: 30_000, intervalMs: 100 })
  } catch (error) {
    await stop()
    throw error
  }
  return { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), servers, stop }
}
