// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest'
import { CookieStore, createSessionManager, createSigner, MemoryStore } from '../src/index.js'
import { SECRET } from './helpers.js'

// Runs in vitest's edge-runtime environment (Web APIs, as on Workers and Next.js middleware).
describe('core in the edge runtime environment', () => {
  it('signs and verifies', async () => {
    const signer = createSigner([SECRET], 'edge')
    expect(await signer.unsign('sid', await signer.sign('sid', 'v'))).toEqual({ value: 'v', rotated: false })
  })

  for (const [name, store] of [['CookieStore', () => new CookieStore()], ['MemoryStore', () => new MemoryStore()]] as const) {
    it(`runs the manager with the ${name} through handle()`, async () => {
      const sessions = createSessionManager({ secret: SECRET, store: store() })
      const first = await sessions.handle(new Request('https://example.com/'), (s) => {
        s.set('n', 1)
        return new Response('ok')
      })
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!
      const second = await sessions.handle(new Request('https://example.com/', { headers: { cookie } }), (s) => new Response(String(s.get('n'))))
      expect(await second.text()).toBe('1')
    })
  }
})
