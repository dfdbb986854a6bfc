import { stringifySetCookie } from 'cookie'
import { describe, expect, it } from 'vitest'
import { boundedCache } from '../src/bounded-cache.js'
import { createCookieWriter } from '../src/cookie-codec.js'
import { resolveCookie } from '../src/cookie-options.js'
import { backend, nodeCryptoBackend, webCrypto } from '../src/crypto.js'
import { CookieStore, createSigner } from '../src/index.js'
import { storeKey } from '../src/session-id.js'
import { OLD_SECRET, SECRET } from './helpers.js'

// The speed-ups of the request path (issue 4) must not change a single byte or verdict.

const bytes = (n: number, seed: number) => new Uint8Array(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255))
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('node:crypto and Web Crypto backends', () => {
  const node = nodeCryptoBackend()!

  it('uses node:crypto on Node', () => {
    expect(node).not.toBeNull()
    expect(backend.name).toBe('node')
  })

  it('give the same SHA-256 and HMAC-SHA-256 bytes', async () => {
    for (const text of ['', 'a', 'session-id=abc', 'é€😀'.repeat(50)]) {
      expect(hex(await node.sha256(text))).toBe(hex(await webCrypto.sha256(text)))
      const raw = bytes(32, text.length)
      const [nk, wk] = [await node.hmacKey(raw), await webCrypto.hmacKey(raw)]
      expect(hex(await node.hmacSha256(nk, text))).toBe(hex(await webCrypto.hmacSha256(wk, text)))
      expect(await node.hmacSha256Base64url(nk, text)).toBe(await webCrypto.hmacSha256Base64url(wk, text))
      expect(await node.hmacSha256Base64url(nk, text)).toBe(Buffer.from(await webCrypto.hmacSha256(wk, text)).toString('base64url'))
    }
  })

  it('give the same AES-256-GCM bytes, and each opens what the other sealed', async () => {
    const raw = bytes(32, 7)
    const [nk, wk] = [await node.aesKey(raw), await webCrypto.aesKey(raw)]
    const iv = bytes(12, 3)
    const aad = new TextEncoder().encode('e1.__Host-sid')
    for (const plaintext of [new Uint8Array(0), bytes(1, 1), bytes(4000, 9)]) {
      const sealedByNode = await node.aesGcmEncrypt(nk, iv, plaintext, aad)
      expect(hex(sealedByNode)).toBe(hex(await webCrypto.aesGcmEncrypt(wk, iv, plaintext, aad)))
      expect(hex((await webCrypto.aesGcmDecrypt(wk, iv, new Uint8Array(sealedByNode), aad))!)).toBe(hex(plaintext))
      expect(hex((await node.aesGcmDecrypt(nk, iv, new Uint8Array(sealedByNode), aad))!)).toBe(hex(plaintext))
    }
  })

  it('both refuse a tampered tag, a wrong AAD, a wrong key and a too-short input', async () => {
    const raw = bytes(32, 7)
    const iv = bytes(12, 3)
    const aad = new TextEncoder().encode('aad')
    for (const impl of [node, webCrypto]) {
      const key = await impl.aesKey(raw)
      const sealed = new Uint8Array(await impl.aesGcmEncrypt(key, iv, bytes(20, 2), aad))
      const flipped = sealed.slice()
      flipped[flipped.length - 1]! ^= 1
      expect(await impl.aesGcmDecrypt(key, iv, flipped, aad)).toBeNull()
      expect(await impl.aesGcmDecrypt(key, iv, sealed, new TextEncoder().encode('other'))).toBeNull()
      expect(await impl.aesGcmDecrypt(await impl.aesKey(bytes(32, 8)), iv, sealed, aad)).toBeNull()
      expect(await impl.aesGcmDecrypt(key, iv, sealed.slice(0, 10), aad)).toBeNull()
    }
  })
})

describe('the verified-value caches never accept what the full check refuses', () => {
  it('signer: a cached value still verifies; any other text, name or secret does not', async () => {
    const signer = createSigner([SECRET], 'cache')
    const signed = await signer.sign('sid', 'value')
    expect(await signer.unsign('sid', signed)).toEqual({ value: 'value', rotated: false })
    expect(await signer.unsign('sid', signed)).toEqual({ value: 'value', rotated: false }) // from the cache
    expect(await signer.unsign('other', signed)).toBeNull()
    expect(await signer.unsign('sid', `${signed}x`)).toBeNull()
    expect(await signer.unsign('sid', signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A'))).toBeNull()
    expect(await createSigner([OLD_SECRET], 'cache').unsign('sid', signed)).toBeNull()
    expect(await createSigner([SECRET], 'another-purpose').unsign('sid', signed)).toBeNull()
  })

  it('signer: a retired secret stays reported as rotated from the cache, and a caller cannot poison it', async () => {
    const old = await createSigner([OLD_SECRET], 'cache').sign('sid', 'v')
    const signer = createSigner([SECRET, OLD_SECRET], 'cache')
    const first = (await signer.unsign('sid', old))!
    first.value = 'mutated'
    expect(await signer.unsign('sid', old)).toEqual({ value: 'v', rotated: true })
  })

  it('signer: what it signed verifies from the cache exactly as a fresh signer verifies it', async () => {
    const signer = createSigner([SECRET, OLD_SECRET], 'cache')
    for (const value of ['', 'v', 'a.b', '.'.repeat(50)]) {
      const signed = await signer.sign('sid', value)
      expect(await signer.unsign('sid', signed)).toEqual(await createSigner([SECRET, OLD_SECRET], 'cache').unsign('sid', signed))
      expect(await signer.unsign('sid', signed)).toEqual({ value, rotated: false })
    }
  })

  it('signer: refusals are not remembered, so a refused value stays refused', async () => {
    const signer = createSigner([SECRET], 'cache')
    for (let i = 0; i < 3; i++) expect(await signer.unsign('sid', `v.${'A'.repeat(43)}`)).toBeNull()
  })

  it('cookie store: a cached value opens to a fresh copy; a tampered one does not open', async () => {
    for (const encrypt of [true, false]) {
      const sealer = new CookieStore({ encrypt }).createSealer([SECRET], '__Host-sid')
      const session = { id: 'id', issuedAt: 1, expiresAt: 2, payload: '{"d":{},"m":{"c":1}}' }
      const value = await sealer.seal(session)
      const first = (await sealer.open(value))!
      first.payload = 'mutated'
      expect(await sealer.open(value)).toEqual({ ...session, rotated: false })
      const i = value.length - 5
      const tampered = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1)
      expect(await sealer.open(tampered)).toBeNull()
      expect(await new CookieStore({ encrypt }).createSealer([SECRET], 'other').open(value)).toBeNull()
    }
  })

  it('the bounded cache keeps at most max entries, and keeps what is in use', () => {
    const cache = boundedCache<number, number>(4)
    for (let i = 0; i < 100; i++) {
      cache.set(i, i * 10)
      expect(cache.get(0)).toBe(0) // in use: never forgotten
      expect(cache.size).toBeLessThanOrEqual(4)
    }
    expect(cache.get(99)).toBe(990)
    expect(cache.get(50)).toBeUndefined()
    cache.set(0, 7)
    expect(cache.get(0)).toBe(7)
  })

  it('store keys are the same with or without the hash memo', async () => {
    const id = 'k7xQ2mVn0pZ4rT8wY1bC5dF9gH3jL6sA0eU2iO4qW7y'
    const expected = `p:${Buffer.from(await webCrypto.sha256(id)).toString('base64url')}`
    expect(await storeKey('p:', id, true)).toBe(expected)
    expect(await storeKey('p:', id, true)).toBe(expected)
    expect(await storeKey('p:', id, false)).toBe(`p:${id}`)
  })
})

describe('the Set-Cookie writer gives the bytes stringifySetCookie gives', () => {
  const layouts = [
    resolveCookie({}),
    resolveCookie({ priority: 'high', partitioned: true }),
    resolveCookie({ domain: 'example.com', path: '/app', sameSite: 'strict', secure: false, httpOnly: false }),
    resolveCookie({ name: 'sid', sameSite: 'none' as never }),
  ]
  const values = ['', 'abc.DEF-_', 'e1.AAAA', 'needs encoding; é', "!~*'()"]
  const now = 1_700_000_000_123
  for (const attributes of layouts) {
    it(`for ${attributes.name} ${attributes.path} ${String(attributes.domain)}`, () => {
      const writer = createCookieWriter(attributes)
      const base = { name: attributes.name, path: attributes.path, domain: attributes.domain, secure: attributes.secure, httpOnly: attributes.httpOnly, sameSite: attributes.sameSite, partitioned: attributes.partitioned || undefined, priority: attributes.priority }
      for (const value of values) {
        for (const expiresAt of [null, now, now + 999, now + 1000, now + 14 * 86400_000 + 1, now - 5000]) {
          const expected =
            expiresAt === null
              ? stringifySetCookie({ ...base, value })
              : stringifySetCookie({ ...base, value, maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)), expires: new Date(expiresAt) })
          expect(writer.set(value, expiresAt, now)).toBe(expected)
        }
      }
      expect(() => writer.set('v', Number.NaN, now)).toThrow()
      expect(() => writer.set('v', 9e15, now)).toThrow()
    })
  }
})

describe('native base64url (Node) accepts and gives exactly what the portable code does', () => {
  it('on random bytes and on random, damaged and padded texts', async () => {
    const fc = (await import('fast-check')).default
    const { decodeBase64url, decodePortable, encodeBase64url, encodePortable } = await import('../src/base64url.js')
    const same = (a: Uint8Array | null, b: Uint8Array | null) => (a === null || b === null ? a === b : Buffer.from(a).equals(Buffer.from(b)))
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (bytes) => {
        const text = encodeBase64url(bytes)
        expect(text).toBe(encodePortable(bytes))
        expect(same(decodeBase64url(text), bytes)).toBe(true)
      }),
      { numRuns: 300 },
    )
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .é'
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 40, maxLength: 300 }), (chars) => {
        const text = chars.join('')
        expect(same(decodeBase64url(text), decodePortable(text))).toBe(true)
      }),
      { numRuns: 500 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 36, maxLength: 300 }), fc.nat(), fc.constantFrom('=', '==', 'A', '*', ''), (bytes, at, extra) => {
        const good = encodePortable(bytes)
        const i = at % good.length
        for (const text of [good + extra, good.slice(0, i) + extra + good.slice(i), good.slice(0, -1) + (good.endsWith('B') ? 'C' : 'B')]) {
          expect(same(decodeBase64url(text), decodePortable(text))).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })
})
