// The Next.js app under test is apps/next-demo (it doubles as this package's fixture): built once
// per run when its inputs changed (global setup), then served with `next start` per test server.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BindingServer } from '@sess/binding-tests'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
export const APP_DIR = join(ROOT, 'apps/next-demo')
const NEXT_BIN = join(APP_DIR, 'node_modules/next/dist/bin/next')
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

/** Newest modification time under `path` (files and folders, recursively), in ms. */
function newest(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** Runs tsup in a package whose dist is missing or older than its src (the app imports dist). */
function buildPackage(name: string): void {
  const dir = join(ROOT, 'packages', name)
  if (newest(join(dir, 'dist')) >= newest(join(dir, 'src'))) return
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js')], { cwd: dir, stdio: 'ignore' })
}

/** `next build` unless the last build is newer than every input (turbo's build counts too). */
export function buildApp(): void {
  buildPackage('core')
  buildPackage('next')
  const inputs = ['src', 'next.config.mjs', 'package.json'].map((p) => join(APP_DIR, p))
  inputs.push(join(ROOT, 'packages/core/dist'), join(ROOT, 'packages/next/dist'))
  const built = newest(join(APP_DIR, '.next/BUILD_ID'))
  if (built > Math.max(...inputs.map(newest))) return
  try {
    execFileSync(process.execPath, [NEXT_BIN, 'build'], { cwd: APP_DIR, env: ENV, stdio: 'pipe' })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`next build failed in ${APP_DIR}:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** `next start` on a free loopback port with these environment variables; resolves once it answers. */
export async function startApp(env: Record<string, string> = {}): Promise<BindingServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: APP_DIR,
    env: { ...ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const url = `http://127.0.0.1:${port}`
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${stderr}`)
    try {
      await fetch(`${url}/peek`)
      return { url, close }
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await close()
  throw new Error(`next start did not answer on ${url} within 15 s:\n${stderr}`)
}
