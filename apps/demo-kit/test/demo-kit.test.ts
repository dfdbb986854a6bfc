import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { demoSecret, escapeHtml, expiryPage, formatDuration, homePage, readName, storeFromEnv, storeLabel } from '../src/index.js'

const tmp = mkdtempSync(join(tmpdir(), 'demo-kit-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('storeFromEnv', () => {
  it('gives the core default (the cookie store) when SESSION_STORE is unset or blank', async () => {
    expect(await storeFromEnv(undefined)).toBeUndefined()
    expect(await storeFromEnv('  ')).toBeUndefined()
  })

  it('names the schemes that exist when the scheme is unknown or missing', async () => {
    await expect(storeFromEnv('redis2://secret@host')).rejects.toThrow(
      '[sess] [demo] SESSION_STORE has the unknown scheme "redis2:". Use one of: redis://host:port (or rediss://), memcached://host:port[,host:port], ' +
        'mongodb://host:port/db (or mongodb+srv://), postgres://user@host:port/db (or postgresql://), mysql://user@host:port/db, sqlite:path/to/file.db, ' +
        'file:/path/to/dir; or leave it unset for the cookie store.',
    )
    await expect(storeFromEnv('localhost:6379')).rejects.toThrow('unknown scheme "localhost:"')
    await expect(storeFromEnv('/var/sessions')).rejects.toThrow('SESSION_STORE has no scheme.')
  })

  it('opens a SQLite file (creating the table) and a file directory, in both URL spellings', async () => {
    for (const url of [`sqlite:${join(tmp, 'a.db')}`, `sqlite://${join(tmp, 'b.db')}`, `file:${join(tmp, 'c')}`, `file://${join(tmp, 'd')}`]) {
      const store = await storeFromEnv(url)
      const entry = { data: 'x', expiresAt: Date.now() + 60_000, version: 1, createdAt: Date.now(), userId: null }
      expect(await store?.set('k', entry, { mode: 'create' })).toBe('ok')
      expect((await store?.get('k'))?.data).toBe('x')
      await store?.close?.()
    }
  })

  it('hides passwords in the label', () => {
    expect(storeLabel('postgres://app:hunter2@db:5432/app')).toBe('postgres://app:***@db:5432/app')
    expect(storeLabel('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379')
    expect(storeLabel(undefined)).toBe('cookie (default)')
  })
})

describe('pages', () => {
  it('escapes every user-controlled string', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
    const page = homePage({ framework: '<F>', visits: 2, user: '<script>', flashes: ['<img src=x>'], store: '<s>' })
    expect(page).not.toMatch(/<script>|<img|<F>|<s>/)
    expect(page).toContain('&lt;script&gt;')
  })

  it('shows the sign-in form when signed out, and the expiry of browser-session cookies', () => {
    expect(homePage({ framework: 'X', visits: 1, flashes: [] })).toContain('action="/login"')
    const page = expiryPage({ framework: 'X', expiresAt: null, expiryAge: 90, permanent: false })
    expect(page).toContain('when the browser closes')
    expect(page).toContain('1 min 30 s (90 s)')
    expect(formatDuration(14 * 86_400)).toBe('14 d 0 h 0 min')
  })

  it('reads a sign-in name: trimmed, bounded, and nothing for blanks or non-strings', () => {
    expect(readName('  Ada ')).toBe('Ada')
    expect(readName('x'.repeat(100))).toHaveLength(40)
    expect(readName(' ')).toBeUndefined()
    expect(readName(['a'])).toBeUndefined()
  })
})

describe('demoSecret', () => {
  it('uses SESSION_SECRET, else one random secret per process with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(demoSecret('s'.repeat(32))).toBe('s'.repeat(32))
    const generated = demoSecret(undefined)
    expect(generated).toMatch(/^[0-9a-f]{64}$/)
    expect(demoSecret(undefined)).toBe(generated)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toContain('SESSION_SECRET is not set')
    warn.mockRestore()
  })
})
