import { describe, expect, it } from 'vitest'
import { expiration, MAX_RELATIVE_EXPIRATION } from '../src/protocol.js'

const NOW = 1_750_000_000_123

describe('expiration (memcached exptime)', () => {
  it('is relative seconds, rounded up, never 0', () => {
    expect(expiration(NOW + 400, NOW)).toBe(1)
    expect(expiration(NOW + 1000, NOW)).toBe(1)
    expect(expiration(NOW + 1001, NOW)).toBe(2)
    expect(expiration(NOW, NOW)).toBe(1)
    expect(expiration(NOW - 5000, NOW)).toBe(1)
  })

  it('stays relative up to exactly 30 days', () => {
    expect(expiration(NOW + MAX_RELATIVE_EXPIRATION * 1000, NOW)).toBe(MAX_RELATIVE_EXPIRATION)
  })

  it('is an absolute Unix time, rounded up, beyond 30 days', () => {
    const expiresAt = NOW + MAX_RELATIVE_EXPIRATION * 1000 + 1
    expect(expiration(expiresAt, NOW)).toBe(Math.ceil(expiresAt / 1000))
    expect(expiration(NOW + 90 * 86_400_000, NOW)).toBe(Math.ceil((NOW + 90 * 86_400_000) / 1000))
  })
})
