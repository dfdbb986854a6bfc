import { describe, expect, it } from 'vitest'
import { taggedJson } from '../src/index.js'

const roundTrip = (value: unknown) => taggedJson.parse(taggedJson.stringify(value))

describe('tagged JSON serializer', () => {
  it('round-trips Date, Map, Set, BigInt, Uint8Array and undefined, nested', () => {
    const value = {
      when: new Date('2026-01-02T03:04:05.678Z'),
      map: new Map<unknown, unknown>([['a', 1], [2, new Set([new Date(0)])]]),
      set: new Set(['x', 1n]),
      big: 123456789012345678901234567890n,
      bytes: new Uint8Array([0, 1, 254, 255]),
      nothing: undefined,
      list: [undefined, 1, { deep: [new Map([['k', undefined]])] }],
      special: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
      plain: { a: 'text', n: null, t: true },
    }
    expect(roundTrip(value)).toEqual(value)
  })

  it('keeps a plain object that looks like a tag as it is', () => {
    const value = { ' d': 5, nested: { ' m': [1] }, ' o': 'x' }
    expect(roundTrip(value)).toEqual(value)
    expect(roundTrip({ ' d': 5 })).toEqual({ ' d': 5 })
  })

  it('writes plain JSON for plain data (readable, portable)', () => {
    expect(taggedJson.stringify({ a: [1, 'b', null], c: { d: true } })).toBe('{"a":[1,"b",null],"c":{"d":true}}')
  })

  it('drops functions and symbols as JSON does, and uses toJSON', () => {
    const value = { f: () => 1, s: Symbol('x'), list: [() => 1], url: new URL('https://example.com/a') }
    expect(roundTrip(value)).toEqual({ list: [null], url: 'https://example.com/a' })
  })

  it('an invalid Date stays an invalid Date', () => {
    const back = roundTrip({ d: new Date(Number.NaN) }) as { d: Date }
    expect(back.d).toBeInstanceOf(Date)
    expect(Number.isNaN(back.d.getTime())).toBe(true)
  })

  describe('prototype pollution', () => {
    const payloads = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"a":{"__proto__":{"polluted":"yes"}}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"a":[{"constructor":{"prototype":{"polluted":"yes"}}}]}',
      '{" o":{"__proto__":{"polluted":"yes"}}}',
      '{" m":[["__proto__",{"polluted":"yes"}]]}',
    ]
    for (const payload of payloads) {
      it(`parses ${payload} without reaching a prototype`, () => {
        const parsed = taggedJson.parse(payload) as Record<string, unknown>
        Object.assign({}, parsed)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        expect(Object.getPrototypeOf(parsed)).toBe(parsed instanceof Map ? Map.prototype : Object.prototype)
        expect(JSON.stringify(parsed)).not.toContain('polluted":"yes"}}}')
        if (!(parsed instanceof Map)) expect(Object.hasOwn(parsed, '__proto__')).toBe(false)
      })
    }

    it('never writes a __proto__ key', () => {
      const value = JSON.parse('{"__proto__":{"x":1},"ok":1}')
      expect(taggedJson.stringify(value)).toBe('{"ok":1}')
    })
  })

  it('throws on text that is not JSON (the manager turns it into a fresh session)', () => {
    expect(() => taggedJson.parse('{nope')).toThrow()
  })
})
