import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'esbuild'
import { expect, it } from 'vitest'
import { SECRET } from './helpers.js'

// The strict proof that core needs no Node built-in: bundle it for a neutral platform (a `node:`
// import would fail to resolve) and run a whole request cycle inside an EdgeVM, where `process`,
// `require` and `Buffer` do not exist.
it('runs a full load/commit cycle inside an EdgeVM with no Node globals', async () => {
  const bundle = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'sess',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  })
  const vm = new EdgeVM()
  vm.evaluate(bundle.outputFiles[0]!.text)
  expect(vm.evaluate('typeof process + typeof require + typeof Buffer')).toBe('undefinedundefinedundefined')
  const body = await vm.evaluate(`(async () => {
    const sessions = sess.createSessionManager({ secret: ${JSON.stringify(SECRET)} })
    const first = await sessions.handle(new Request('https://example.com/'), (s) => { s.set('n', 41); return new Response('ok') })
    const cookie = first.headers.get('set-cookie').split(';')[0]
    const second = await sessions.handle(new Request('https://example.com/', { headers: { cookie } }), (s) => new Response(String(s.get('n') + 1)))
    return second.text()
  })()`)
  expect(body).toBe('42')
})
