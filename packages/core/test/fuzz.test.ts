import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CookieStore, createSessionManager, createSigner, MemoryStore, type SessionStore, taggedJson } from '../src/index.js'
import { cookiePair, SECRET } from './helpers.js'

const RUNS = 2000
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Every way an attacker can change a valid cookie value without knowing the key. */
const mutation = (value: string) =>
  fc.oneof(
    fc.nat({ max: value.length - 1 }).chain((i) =>
      fc.constantFrom(...BASE64URL.split('')).filter((c) => c !== value[i]).map((c) => value.slice(0, i) + c + value.slice(i + 1)),
    ),
    fc.nat({ max: value.length - 1 }).map((n) => value.slice(0, n)),
    fc.string({ minLength: 1, maxLength: 8 }).map((extra) => value + extra),
    fc.string({ minLength: 1, maxLength: 8 }).map((extra) => extra + value),
    fc.constant(value.split('.').reverse().join('.')),
    fc.nat({ max: value.length - 1 }).map((i) => value.slice(0, i) + value.slice(i + 1)),
  ).filter((mutated) => mutated !== value)

describe('fuzzing', () => {
  it('the signer accepts no mutation of a valid signature, nor one made for another name or purpose', async () => {
    const signer = createSigner([SECRET], 'fuzz')
    const other = createSigner([SECRET], 'fuzz-other')
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 64 }), fc.string({ minLength: 1, maxLength: 16 }), fc.nat(), async (value, name, seed) => {
        const signed = await signer.sign('sid', value)
        const mutated = fc.sample(mutation(signed), { seed, numRuns: 1 })[0]!
        expect(await signer.unsign('sid', mutated)).toBeNull()
        if (name !== 'sid') expect(await signer.unsign(name, signed)).toBeNull()
        expect(await signer.unsign('sid', await other.sign('sid', value))).toBeNull()
      }),
      { numRuns: RUNS },
    )
  })

  for (const encrypt of [true, false]) {
    it(`a sealed cookie (encrypt: ${encrypt}) accepts no mutation`, async () => {
      const manager = createSessionManager({ secret: SECRET, store: new CookieStore({ encrypt }), rolling: false })
      const s = await manager.load(null)
      s.set('user', 'alice')
      const cookie = cookiePair((await manager.commit(s))[0])
      const value = cookie.slice(cookie.indexOf('=') + 1)
      // In a Cookie header, surrounding spaces, quotes and anything after ';' are not part of the value.
      const inHeader = mutation(value).filter((m) => !/[\s;"]/.test(m))
      await fc.assert(
        fc.asyncProperty(inHeader, async (mutated) => {
          expect((await manager.load(`__Host-sid=${mutated}`)).isNew).toBe(true)
        }),
        { numRuns: RUNS / 2 },
      )
    })
  }

  it('load never throws or hangs on any Cookie header, and only well-formed ids reach the store', async () => {
    const seen: string[] = []
    const inner = new MemoryStore()
    const get = (key: string) => {
      seen.push(key)
      return inner.get(key)
    }
    const store: SessionStore = { name: 'spy', get, set: inner.set.bind(inner), delete: inner.delete.bind(inner) }
    const signed = createSessionManager({ secret: SECRET, store })
    const bare = createSessionManager({ secret: SECRET, store, signId: false })
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.tuple(fc.constantFrom('__Host-sid', 'sid', 'x'), fc.string({ unit: 'binary', maxLength: 80 })), { maxLength: 5 }).map((pairs) =>
        pairs.map(([k, v]) => `${k}=${v}`).join('; '),
      ),
    )
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        expect((await signed.load(h)).isNew).toBe(true)
        expect((await bare.load(h)).isNew).toBe(true)
      }),
      { numRuns: RUNS },
    )
    for (const key of seen) expect(key).toMatch(/^session:[A-Za-z0-9_-]{43}$/)
  })

  it('the serializer round-trips every value it supports', () => {
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.bigInt(),
        fc.date(),
        fc.uint8Array({ maxLength: 16 }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string().filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 4 }),
        fc.array(fc.tuple(fc.string(), tie('value')), { maxLength: 3 }).map((e) => new Map(e)),
        fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }).map((e) => new Set(e)),
      ),
    }))
    fc.assert(
      fc.property(value, (v) => {
        expect(taggedJson.parse(taggedJson.stringify(v))).toEqual(v)
      }),
      { numRuns: RUNS },
    )
  })

  it('parsing any JSON with __proto__ or constructor.prototype keys never reaches a prototype', () => {
    const hostile = fc.jsonValue().map((v) => {
      const text = JSON.stringify({ payload: v })
      return text.replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},')
    })
    fc.assert(
      fc.property(hostile, (text) => {
        const parsed = taggedJson.parse(text) as Record<string, unknown>
        Object.assign({}, parsed, parsed.payload)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        expect(Object.hasOwn(parsed, '__proto__')).toBe(false)
      }),
      { numRuns: RUNS },
    )
  })
})
