import { createRequire } from 'node:module'
import { CookieStore, createSessionManager, createSigner, MemoryStore, readCookieValues, taggedJson } from '@sess/core'
import { sign as cookieSign, unsign as cookieUnsign } from 'cookie-signature'
import { sealData, unsealData } from 'iron-session'
import { Bench } from 'tinybench'
// Internal to core (not exported): the Set-Cookie writer the manager uses.
import { createCookieWriter } from '../../packages/core/src/cookie-codec.ts'

/**
 * Micro-benchmarks of the pieces on @sess's hot path, beside what the incumbents use for the same
 * job. One row per task: operations per second and the mean time of one operation.
 */

export interface MicroRow {
  group: string
  task: string
  opsPerSec: number
  meanUs: number
}

const SECRET = 'x'.repeat(16) + crypto.randomUUID() // 52 characters
const COOKIE_NAME = '__Host-sid'

export async function runMicro(timeMs = 400): Promise<MicroRow[]> {
  const rows: MicroRow[] = []
  const group = async (name: string, tasks: Record<string, () => unknown>) => {
    const bench = new Bench({ time: timeMs, warmupTime: 100 })
    for (const [task, fn] of Object.entries(tasks)) bench.add(task, fn as () => Promise<void>)
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result as { throughput: { mean: number }; latency: { mean: number } } | undefined
      if (!result) throw new Error(`[bench] micro task ${task.name} did not run`)
      rows.push({ group: name, task: task.name, opsPerSec: result.throughput.mean, meanUs: result.latency.mean * 1000 })
    }
  }

  const id = 'k7xQ2mVn0pZ4rT8wY1bC5dF9gH3jL6sA0eU2iO4qW7y'
  const signer = createSigner([SECRET], 'session-id')
  const signed = await signer.sign(COOKIE_NAME, id)
    // A new value every time. @sess remembers what it signed, so its verify right after sign costs no
  // HMAC (as when a cookie it just issued comes back); the rows below show verify without that help:
  // 5,000 values signed elsewhere, cycled through, never all in the 1,024-entry cache.
  let counter = 0
  const verifier = createSigner([SECRET], 'session-id')
  const unseen = await Promise.all(Array.from({ length: 5000 }, (_, i) => signer.sign(COOKIE_NAME, `${id}-${i}`)))
  const unseenCs = unseen.map((_, i) => cookieSign(`${id}-${i}`, SECRET))
  await group('sign + verify', {
    '@sess signer': async () => {
      const value = await signer.sign(COOKIE_NAME, `${id}${counter++}`)
      if (!(await signer.unsign(COOKIE_NAME, value))) throw new Error('no')
    },
    'cookie-signature': () => {
      const value = cookieSign(`${id}${counter++}`, SECRET)
      if (cookieUnsign(value, SECRET) === false) throw new Error('no')
    },
    '@sess verify, a cookie not seen before (full HMAC)': async () => {
      if (!(await verifier.unsign(COOKIE_NAME, unseen[counter++ % unseen.length]!))) throw new Error('no')
    },
    'cookie-signature verify': () => {
      if (cookieUnsign(unseenCs[counter++ % unseenCs.length]!, SECRET) === false) throw new Error('no')
    },
    '@sess verify, a returning cookie (cached)': async () => {
      if (!(await signer.unsign(COOKIE_NAME, signed))) throw new Error('no')
    },

  })

  const data = { n: 42, user: 'alice', roles: ['admin'] }
  const now = Date.now()
  const sealer = new CookieStore().createSealer([SECRET], COOKIE_NAME)
  const sealed = { id, issuedAt: now, expiresAt: now + 3600_000, payload: taggedJson.stringify({ d: data, m: { c: now } }) }
  const ironOptions = { password: SECRET, ttl: 14 * 24 * 3600 }
  await group('seal + unseal', {
    '@sess cookie store (AES-256-GCM)': async () => {
      if (!(await sealer.open(await sealer.seal(sealed)))) throw new Error('no')
    },
    'iron-session sealData/unsealData': async () => {
      const out = await unsealData<typeof data>(await sealData(data, ironOptions), ironOptions)
      if (out.n !== 42) throw new Error('no')
    },
  })

  const header = `_ga=GA1.1.123456789.1700000000; theme=dark; ${COOKIE_NAME}=${signed}; csrftoken=abcdefghijklmnopqrstuvwxyz012345`
  const writer = createCookieWriter({ name: COOKIE_NAME, path: '/', domain: undefined, secure: true, httpOnly: true, sameSite: 'lax', partitioned: false, priority: undefined })
  // The `cookie` package core depends on, resolved from core's own location.
  const cookie = createRequire(createRequire(import.meta.url).resolve('@sess/core'))('cookie') as CookiePackage
  const serializeOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' as const, maxAge: 1209600, expires: new Date(now + 1209600_000) }
  await group('cookie parse / serialize', {
    '@sess readCookieValues': () => readCookieValues(header, COOKIE_NAME),
    'cookie.parse': () => cookie.parse(header)[COOKIE_NAME],
    '@sess Set-Cookie writer': () => writer.set(signed, now + 1209600_000, now),
    'cookie.serialize (options copied per call)': () => cookie.serialize(COOKIE_NAME, signed, serializeOptions),
  })

  const record = { d: { n: 42, user: 'alice', roles: ['admin'], since: new Date(now) }, m: { c: now } }
  const plain = { d: { n: 42, user: 'alice', roles: ['admin'] }, m: { c: now } }
  await group('serializer round-trip', {
    'taggedJson (with a Date)': () => taggedJson.parse(taggedJson.stringify(record)),
    'taggedJson (plain JSON data)': () => taggedJson.parse(taggedJson.stringify(plain)),
    'JSON.stringify + JSON.parse': () => JSON.parse(JSON.stringify(plain)),
  })

  const memory = createSessionManager({ secret: SECRET, store: new MemoryStore(), rolling: false })
  const memorySession = await memory.load(null)
  memorySession.set('n', 1)
  const memoryCookie = cookiePair(await memory.commit(memorySession))
  const sealing = createSessionManager({ secret: SECRET, store: new CookieStore(), rolling: false })
  const sealedSession = await sealing.load(null)
  sealedSession.set('n', 1)
  const sealedCookie = cookiePair(await sealing.commit(sealedSession))
  await group('load + commit', {
    'memory store, read': async () => {
      const s = await memory.load(memoryCookie)
      s.get('n')
      await memory.commit(s)
    },
    'memory store, increment': async () => {
      const s = await memory.load(memoryCookie)
      s.set('n', (s.get('n', 0) as number) + 1)
      await memory.commit(s)
    },
    'cookie store, read': async () => {
      const s = await sealing.load(sealedCookie)
      s.get('n')
      await sealing.commit(s)
    },
    'cookie store, increment': async () => {
      const s = await sealing.load(sealedCookie)
      s.set('n', (s.get('n', 0) as number) + 1)
      await sealing.commit(s)
    },
  })
  return rows
}

interface CookiePackage {
  parse(header: string): Record<string, string | undefined>
  serialize(name: string, value: string, options: object): string
}

function cookiePair(setCookies: string[]): string {
  if (setCookies.length !== 1) throw new Error('[bench] expected one Set-Cookie')
  return setCookies[0]!.split(';', 1)[0]!
}

export function microTable(rows: MicroRow[]): string {
  const lines = ['| Group | Task | ops/s | µs/op |', '| --- | --- | ---: | ---: |']
  for (const r of rows) lines.push(`| ${r.group} | ${r.task} | ${Math.round(r.opsPerSec).toLocaleString('en-US')} | ${r.meanUs.toFixed(2)} |`)
  return lines.join('\n')
}

/** The micro targets: seal+unseal ≥ 5× iron-session's, sign+verify ≥ cookie-signature's. */
export function microTargets(rows: MicroRow[]): { name: string; ratio: number; need: number }[] {
  const ops = (task: string) => rows.find((r) => r.task === task)?.opsPerSec ?? Number.NaN
  return [
    { name: 'seal + unseal vs iron-session', ratio: ops('@sess cookie store (AES-256-GCM)') / ops('iron-session sealData/unsealData'), need: 5 },
    { name: 'sign + verify vs cookie-signature', ratio: ops('@sess signer') / ops('cookie-signature'), need: 1 },
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runMicro(Number(process.env.BENCH_MICRO_MS ?? 400))
  if (process.argv.includes('--json')) console.log(`MICRO_JSON ${JSON.stringify(rows)}`)
  else {
    console.log(microTable(rows))
    for (const t of microTargets(rows)) console.log(`${t.name}: ${t.ratio.toFixed(2)}× (target ≥ ${t.need}×)`)
  }
}
