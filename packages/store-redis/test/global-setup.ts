import type { TestProject } from 'vitest/node'
import { startCluster } from './cluster.js'
import { findOrStartStandalone } from './server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
    clusterNodes: { host: string; port: number }[]
  }
}

/** Finds (or starts) the standalone server and starts a 6-node cluster once for the whole run. */
export default async function setup(project: TestProject) {
  const standalone = await findOrStartStandalone()
  const cluster = await startCluster()
  project.provide('redisUrl', standalone.url)
  project.provide('clusterNodes', cluster.nodes)
  return async () => {
    await cluster.stop()
    await standalone.stop()
  }
}
