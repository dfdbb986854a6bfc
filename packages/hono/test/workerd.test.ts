// The suite's routes running in workerd (Cloudflare's runtime, through Miniflare) with the cookie
// store, driven over real HTTP. The bundle targets the browser platform: an import from `node:`
// anywhere in @sess/hono or @sess/core fails the build, so this also guards "nothing from node:".
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { type BindingServer, describeBinding } from '@sess/binding-tests'
import type { SessionManagerOptions } from '@sess/core'
import { Miniflare } from 'miniflare'
import { expect, it } from 'vitest'

let bundle: Promise<string> | undefined

/** The worker bundled once per run, with esbuild from tsup (a root dev dependency) rather than a new dependency. */
function bundleWorker(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as typeof import('esbuild')
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./worker/worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['dev-source', 'workerd', 'worker', 'browser'],
      logLevel: 'silent',
    })
    return result.outputFiles[0]!.text
  })()
  return bundle
}

/** Runs the worker in workerd on a free loopback port; the options cross over as JSON (no store, no clock). */
async function startWorker(options: SessionManagerOptions): Promise<BindingServer> {
  const { store: _store, now: _now, ...json } = options
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2025-09-01',
    bindings: { SESSION_OPTIONS: JSON.parse(JSON.stringify(json)) },
    host: '127.0.0.1',
    port: 0,
  })
  const url = await mf.ready
  return { url: url.origin, close: () => mf.dispose() }
}

describeBinding('hono in workerd (Miniflare)', {
  stores: ['cookie'],
  // workerd runs on its own clock: the suite cannot move it past the session lifetime.
  skip: ['expiry'],
  start: (options) => startWorker(options),
  extra(context) {
    it('runs in workerd, not in Node', async () => {
      const res = await fetch(new URL('/runtime', context.url()))
      expect(await res.text()).toBe('Cloudflare-Workers')
    })
  },
})
