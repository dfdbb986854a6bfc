import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { startThrowawayServer, type ThrowawayServer } from '@sess/store-tests'

const BINARY_PACKAGE = '@jongodb/memory-server-bin-linux-x64-gnu'
const INSTALL_HINT = `set MONGODB_URL=mongodb://host:port or install the devDependency ${BINARY_PACKAGE} (pnpm install, on Linux x64 with glibc)`

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

/** The connection string of a server on loopback `port`. */
export const mongoUrl = (port: number) => `mongodb://127.0.0.1:${port}/`

/** `MONGODB_URL` if set, else a throwaway jongodb; `stop` stops only what this call started. */
export async function mongoServer(): Promise<{ url: string; server: string; stop(): Promise<void> }> {
  const fromEnv = process.env.MONGODB_URL
  if (fromEnv) return { url: fromEnv, server: 'MONGODB_URL', stop: async () => {} }
  const started = await startJongodb()
  return { url: mongoUrl(started.port), server: 'jongodb', stop: started.stop }
}

/** Starts jongodb (a MongoDB-wire-compatible server keeping data in memory) on a free loopback port. */
export function startJongodb(): Promise<ThrowawayServer> {
  return startThrowawayServer({ name: 'jongodb', command: jongodbBinary(), args: (port) => ['--host=127.0.0.1', `--port=${port}`], hint: INSTALL_HINT })
}
