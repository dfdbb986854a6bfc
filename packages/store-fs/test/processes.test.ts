import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeEntry } from '@sess/store-tests'
import { afterAll, describe, expect, it } from 'vitest'
import { parseFile } from '../src/file-format.js'
import { FileStore } from '../src/index.js'

const root = mkdtempSync(join(tmpdir(), 'sess-fs-proc-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const writer = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url))
const packageDir = fileURLToPath(new URL('..', import.meta.url))

function startWriter(...args: string[]) {
  const child = spawn(process.execPath, ['--conditions=dev-source', '--import', 'tsx', writer, ...args], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const line = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve()
      child.stdout.on('data', check)
      void exited.then(() => reject(new Error(`writer exited before printing ${text}: ${stderr}`)))
    })
  return { child, exited, line, output: () => stdout }
}

describe('FileStore across processes', () => {
  it('leaves only whole session files when a writer is killed mid-way, and the next start cleans up', async () => {
    const dir = join(root, 'crash')
    const proc = startWriter('crash', dir)
    await proc.line('ready') // a full round of 1000 concurrent writes is done; the next is under way
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100))
    proc.child.kill('SIGKILL')
    await proc.exited

    const names = readdirSync(dir)
    const sessions = names.filter((name) => name.endsWith('.sess'))
    expect(sessions.length).toBe(200)
    for (const name of sessions) expect(parseFile(readFileSync(join(dir, name)))).not.toBeNull()

    // The next process: leftovers of the dead one go, and every key is readable and writable.
    const store = new FileStore({ dir, lockTimeout: 1000 })
    for (let i = 0; i < 200; i++) {
      const key = `session:crash-${i}`
      const entry = await store.get(key)
      expect(entry?.userId).toBe('u')
      expect(await store.set(key, makeEntry(Date.now(), 60_000, { version: entry!.version + 1 }), { mode: 'update', version: entry!.version })).toBe('ok')
    }
    expect(readdirSync(dir).filter((name) => !name.endsWith('.sess'))).toEqual([])
  })

  it('lets exactly one of 40 concurrent updates from 4 processes win', async () => {
    const dir = join(root, 'race')
    const store = new FileStore({ dir })
    await store.set('session:race', makeEntry(Date.now(), 3_600_000, { version: 1 }), { mode: 'create' })
    const startAt = String(Date.now() + 1500) // every process is loaded by then
    const writers = Array.from({ length: 4 }, () => startWriter('race', dir, startAt))
    const codes = await Promise.all(writers.map((w) => w.exited))
    expect(codes).toEqual([0, 0, 0, 0])
    const reports = writers.map((w) => JSON.parse(w.output()) as { pid: number; results: string[] })
    const results = reports.flatMap((r) => r.results)
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
    expect(results.filter((r) => r === 'conflict')).toHaveLength(39)
    const winner = reports.find((r) => r.results.includes('ok'))!
    expect((await store.get('session:race'))?.data).toBe(`pid ${winner.pid} write ${winner.results.indexOf('ok')}`)
  })
})
