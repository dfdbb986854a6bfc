import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SessionConfigError, SessionStoreError } from '@sess/core'
import { createTestClock, makeEntry } from '@sess/store-tests'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeKey } from '../src/file-names.js'
import { FileStore } from '../src/index.js'

const HOUR = 3_600_000
const root = mkdtempSync(join(tmpdir(), 'sess-fs-safety-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => join(root, `store-${++dirs}`, 'sessions')

describe('FileStore file names', () => {
  const hostile = ['../escape', '../../etc/passwd', 'a/b', '/abs', '..', '.', 'nul\u0000byte', '..\\..\\win', '%2e%2e%2f', 'CON', 'Ab', 'ab', 'sess:é\u{1F600}']

  it('keeps every key, however hostile, inside the directory and apart from the others', async () => {
    const dir = freshDir()
    const store = new FileStore({ dir })
    for (const [i, key] of hostile.entries()) expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: `v${i}` }), { mode: 'create' })).toBe('ok')
    for (const [i, key] of hostile.entries()) expect((await store.get(key))?.data).toBe(`v${i}`)
    expect(readdirSync(join(dir, '..'))).toEqual(['sessions'])
    const names = readdirSync(dir)
    expect(names).toHaveLength(hostile.length)
    for (const name of names) expect(name).toMatch(/^([a-z0-9_-]|%[0-9A-F]{2})+\.sess$/)
  })

  it('encodes case so keys differing only in case stay apart on case-insensitive file systems', () => {
    expect(encodeKey('session:Ab-9')).toBe('session%3A_ab-9')
    expect(encodeKey('../x')).toBe('%2E%2E%2Fx')
  })

  it('rejects an empty key and one too long for a file name, naming neither', async () => {
    const store = new FileStore({ dir: freshDir() })
    await expect(store.get('')).rejects.toThrow(new SessionStoreError('[sess] [fs] Store get failed: the session key is empty. Check that the session store is reachable.'))
    await expect(store.set('k'.repeat(300), makeEntry(Date.now(), HOUR), { mode: 'create' })).rejects.toThrow(/too long for a file name/)
  })
})

describe('FileStore permissions', () => {
  it('creates the directory 0700 and session files 0600', async () => {
    const dir = freshDir()
    await new FileStore({ dir }).set('session:a', makeEntry(Date.now(), HOUR), { mode: 'create' })
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'session%3Aa.sess')).mode & 0o777).toBe(0o600)
  })

  it('applies `mode` exactly', async () => {
    const dir = freshDir()
    await new FileStore({ dir, mode: 0o640 }).set('session:a', makeEntry(Date.now(), HOUR), { mode: 'create' })
    expect(statSync(join(dir, 'session%3Aa.sess')).mode & 0o777).toBe(0o640)
  })

  it('defaults to a `sess` folder in the OS temp dir', () => {
    expect(new FileStore().dir).toBe(join(tmpdir(), 'sess'))
  })
})

describe('FileStore damaged files and locks', () => {
  it('treats a truncated or foreign file as missing, overwrites it on create and clears it', async () => {
    const dir = freshDir()
    const store = new FileStore({ dir })
    await store.set('session:cut', makeEntry(Date.now(), HOUR, { data: 'x'.repeat(1000) }), { mode: 'create' })
    const file = join(dir, 'session%3Acut.sess')
    const whole = readFileSync(file)
    writeFileSync(file, whole.subarray(0, whole.length - 1))
    writeFileSync(join(dir, 'session%3Ajunk.sess'), 'not a session')
    expect(await store.get('session:cut')).toBeNull()
    expect(await store.get('session:junk')).toBeNull()
    expect(await store.set('session:cut', makeEntry(Date.now(), HOUR, { data: 'new' }), { mode: 'create' })).toBe('ok')
    expect(await store.clearExpired()).toBe(1)
    expect(existsSync(join(dir, 'session%3Ajunk.sess'))).toBe(false)
    expect((await store.get('session:cut'))?.data).toBe('new')
  })

  it('breaks a lock whose process is gone', async () => {
    const dir = freshDir()
    const store = new FileStore({ dir, lockTimeout: 500 })
    await store.set('session:a', makeEntry(Date.now(), HOUR), { mode: 'create' })
    writeFileSync(join(dir, 'session%3Aa.lock'), '2147483646 token') // no such pid
    expect(await store.set('session:a', makeEntry(Date.now(), HOUR, { version: 2 }), { mode: 'update', version: 1 })).toBe('ok')
  })

  it('waits at most `lockTimeout` for a lock a live process holds', async () => {
    const dir = freshDir()
    const store = new FileStore({ dir, lockTimeout: 300 })
    await store.set('session:a', makeEntry(Date.now(), HOUR), { mode: 'create' })
    writeFileSync(join(dir, 'session%3Aa.lock'), `${process.pid} someone-else`)
    const start = performance.now()
    await expect(store.delete('session:a')).rejects.toThrow(
      new SessionStoreError('[sess] [fs] Store delete failed: a session file stayed locked for over 300 ms. Check that the session store is reachable.'),
    )
    expect(performance.now() - start).toBeLessThan(1500)
    expect(await store.get('session:a')).not.toBeNull() // reads need no lock
  })
})

describe('FileStore threshold', () => {
  it('prunes expired files first, then those closest to expiry, down to 90% of the cap', async () => {
    const clock = createTestClock()
    const dir = freshDir()
    const store = new FileStore({ dir, threshold: 10, now: clock.now })
    const count = () => readdirSync(dir).filter((name) => name.endsWith('.sess')).length
    for (let i = 0; i < 4; i++) await store.set(`dead-${i}`, makeEntry(clock.now(), 1000), { mode: 'create' })
    for (let i = 0; i < 6; i++) await store.set(`live-${i}`, makeEntry(clock.now(), HOUR + i * 1000), { mode: 'create' })
    expect(count()).toBe(10)
    clock.advance(1000)
    await store.set('live-6', makeEntry(clock.now(), 2 * HOUR), { mode: 'create' }) // 11 files: the 4 dead go
    expect(count()).toBe(7)
    for (let i = 7; i < 11; i++) await store.set(`live-${i}`, makeEntry(clock.now(), 2 * HOUR + i), { mode: 'create' })
    // the 11th file: nothing expired, so the 2 closest to expiry go, leaving 9
    expect(count()).toBe(9)
    expect(await store.get('live-0')).toBeNull()
    expect(await store.get('live-1')).toBeNull()
    expect(await store.get('live-2')).not.toBeNull()
    expect(await store.get('live-10')).not.toBeNull()
  })

  it('keeps every file with threshold 0', async () => {
    const dir = freshDir()
    const store = new FileStore({ dir, threshold: 0 })
    for (let i = 0; i < 30; i++) await store.set(`k-${i}`, makeEntry(Date.now(), HOUR), { mode: 'create' })
    expect(readdirSync(dir)).toHaveLength(30)
  })
})

describe('FileStore options', () => {
  it.each([
    [{ dir: '' }, '[sess] [fs] `dir` must be a directory path.'],
    [{ mode: 0o1777 }, '[sess] [fs] `mode` must be permission bits such as 0o600 (got 1023).'],
    [{ mode: 0o400 }, '[sess] [fs] `mode` must let the owner read and write (0o600 at least) (got 0o400).'],
    [{ threshold: -1 }, '[sess] [fs] `threshold` must be a whole number of files, or 0 for no cap (got -1).'],
    [{ lockTimeout: 0 }, '[sess] [fs] `lockTimeout` must be a positive number of milliseconds (got 0).'],
  ])('refuses %o', (options, message) => {
    expect(() => new FileStore(options)).toThrow(new SessionConfigError(message))
  })

  it('rejects, without creating anything, when `dir` is a file', async () => {
    const file = join(root, 'a-file')
    writeFileSync(file, '')
    await expect(new FileStore({ dir: file }).get('session:a')).rejects.toBeInstanceOf(SessionStoreError)
  })
})
