import { describe, expect, it } from 'vitest'
import { createSigner } from '../src/index.js'
import { OLD_SECRET, SECRET } from './helpers.js'

describe('signer', () => {
  const signer = createSigner([SECRET], 'test')

  it('signs as value.mac in base64url and verifies its own signature', async () => {
    const signed = await signer.sign('sid', 'hello')
    expect(signed).toMatch(/^hello\.[A-Za-z0-9_-]{43}$/)
    expect(await signer.unsign('sid', signed)).toEqual({ value: 'hello', rotated: false })
  })

  it('is deterministic for one key, name and value', async () => {
    expect(await signer.sign('sid', 'v')).toBe(await signer.sign('sid', 'v'))
  })

  it('refuses a value signed for another cookie name', async () => {
    expect(await signer.unsign('other', await signer.sign('sid', 'v'))).toBeNull()
  })

  it('refuses a value signed for another purpose', async () => {
    const other = createSigner([SECRET], 'another-purpose')
    expect(await signer.unsign('sid', await other.sign('sid', 'v'))).toBeNull()
  })

  it('refuses a changed value, a changed MAC, a truncated or extended MAC', async () => {
    const signed = await signer.sign('sid', 'value')
    const mac = signed.slice(-43)
    const flipped = mac[0] === 'A' ? `B${mac.slice(1)}` : `A${mac.slice(1)}`
    for (const bad of [`valuf.${mac}`, `value.${flipped}`, signed.slice(0, -1), `${signed}A`, `.${mac}`, mac, '', '.'])
      expect(await signer.unsign('sid', bad)).toBeNull()
  })

  it('refuses a MAC whose unused trailing bits changed (one canonical form)', async () => {
    const signed = await signer.sign('sid', 'value')
    const last = signed.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]! // differs only in the lowest (unused) bit
    expect(await signer.unsign('sid', signed.slice(0, -1) + sibling)).toBeNull()
  })

  it('verifies with every secret of the rotation list and reports a retired one', async () => {
    const old = createSigner([OLD_SECRET], 'test')
    const rotated = createSigner([SECRET, OLD_SECRET], 'test')
    expect(await rotated.unsign('sid', await old.sign('sid', 'v'))).toEqual({ value: 'v', rotated: true })
    expect(await rotated.unsign('sid', await signer.sign('sid', 'v'))).toEqual({ value: 'v', rotated: false })
    expect(await rotated.sign('sid', 'v')).toBe(await signer.sign('sid', 'v'))
  })
})
