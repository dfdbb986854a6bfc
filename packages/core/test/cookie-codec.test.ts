import { describe, expect, it } from 'vitest'
import { createCookieWriter } from '../src/cookie-codec.js'
import { resolveCookie } from '../src/cookie-options.js'
import { readCookieValues } from '../src/index.js'
import { attributes } from './helpers.js'

describe('reading the session cookie', () => {
  it('finds every value of the name, in order', () => {
    expect(readCookieValues('a=1; sid=first; b=2; sid=second;sid="third"', 'sid')).toEqual(['first', 'second', 'third'])
  })

  it('ignores cookies whose name merely contains ours', () => {
    expect(readCookieValues('xsid=1; sidx=2; s id=3', 'sid')).toEqual([])
  })

  it('never throws on garbage, odd encodings or empty input', () => {
    for (const header of [null, undefined, '', ';;;', '=', 'sid', 'sid=', '%E0%A4%A', 'sid=%E0%A4%A', '\u0000sid=\u00ff', 'sid==x=y', ' ; sid = spaced ; '])
      expect(() => readCookieValues(header, 'sid')).not.toThrow()
    expect(readCookieValues(' ; sid = spaced ; ', 'sid')).toEqual(['spaced'])
    expect(readCookieValues('sid==x=y', 'sid')).toEqual(['=x=y'])
  })
})

describe('writing the session cookie', () => {
  const writer = createCookieWriter(resolveCookie({ priority: 'high', partitioned: true }))
  const now = Date.UTC(2026, 0, 1)

  it('writes a persistent cookie with Max-Age and Expires, and every attribute', () => {
    const cookie = writer.set('v', now + 3600_000, now)
    expect(cookie.startsWith('__Host-sid=v;')).toBe(true)
    expect(attributes(cookie)).toEqual({
      'max-age': '3600',
      expires: 'Thu, 01 Jan 2026 01:00:00 GMT',
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Lax',
      partitioned: true,
      priority: 'High',
    })
  })

  it('writes a browser-session cookie with neither Max-Age nor Expires', () => {
    const attrs = attributes(writer.set('v', null, now))
    expect(attrs['max-age']).toBeUndefined()
    expect(attrs.expires).toBeUndefined()
  })

  it('clears with the same name, path and domain', () => {
    const clear = createCookieWriter(resolveCookie({ domain: 'example.com', path: '/app' })).clear()
    expect(clear.startsWith('__Secure-sid=;')).toBe(true)
    expect(attributes(clear)).toMatchObject({ 'max-age': '0', path: '/app', domain: 'example.com', expires: 'Thu, 01 Jan 1970 00:00:00 GMT' })
  })
})
