import { TARGETS } from './contenders.ts'
import type { LoadResult, LoadTool } from './load.ts'
import { type MicroRow, microTable, microTargets } from './micro.ts'

/** One contender, one route, one run. */
export interface Measurement {
  contender: string
  framework: string
  ceiling: boolean
  run: number
  route: 'read' | 'hit'
  load: LoadResult
  cpuUsPerRequest: number
  /** Redis calls per request from INFO commandstats (script bodies included). */
  redis?: { total: number; byCommand: Record<string, number> }
  /** From a MONITOR replay: commands the server sent vs commands run inside Lua scripts. */
  redisSplit?: { sent: number; inScripts: number; byCommand: Record<string, number> }
}

export interface RunSettings {
  runs: number
  seconds: number
  warmupSeconds: number
  connections: number
  sessions: number
  tool: LoadTool
  cores: number
  pinned: boolean
}

interface Row {
  contender: string
  framework: string
  route: 'read' | 'hit'
  rps: number[]
  ratio: number[]
  p50: number[]
  p99: number[]
  cpu: number[]
  errors: number
  redis?: Measurement['redis']
  redisSplit?: Measurement['redisSplit']
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const spread = (xs: number[]) => (xs.length < 2 ? 0 : (Math.max(...xs) - Math.min(...xs)) / mean(xs))
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const int = (x: number) => Math.round(x).toLocaleString('en-US')

function rows(measurements: Measurement[]): Row[] {
  const ceiling = new Map<string, number>() // framework|route|run -> rps
  for (const m of measurements) if (m.ceiling) ceiling.set(`${m.framework}|${m.route}|${m.run}`, m.load.rps)
  const out = new Map<string, Row>()
  for (const m of measurements) {
    const key = `${m.contender}|${m.route}`
    let row = out.get(key)
    if (!row) {
      row = { contender: m.contender, framework: m.framework, route: m.route, rps: [], ratio: [], p50: [], p99: [], cpu: [], errors: 0 }
      out.set(key, row)
    }
    row.rps.push(m.load.rps)
    row.ratio.push(m.load.rps / (ceiling.get(`${m.framework}|${m.route}|${m.run}`) ?? Number.NaN))
    row.p50.push(m.load.p50Ms)
    row.p99.push(m.load.p99Ms)
    row.cpu.push(m.cpuUsPerRequest)
    row.errors += m.load.errors + m.load.non2xx
    if (m.redis) row.redis = m.redis // the last run's
    if (m.redisSplit) row.redisSplit = m.redisSplit
  }
  return [...out.values()]
}

export function renderResults(input: {
  settings: RunSettings
  measurements: Measurement[]
  micro: MicroRow[]
  machine: { cpu: string; cores: number; node: string; load: string; tool: string }
  startedAt: Date
}): { full: string; summary: string; micro: string } {
  const { settings, machine } = input
  const all = rows(input.measurements)
  const byName = new Map<string, { read?: Row; hit?: Row }>()
  for (const r of all) byName.set(r.contender, { ...byName.get(r.contender), [r.route]: r })

  const summary = ['| Contender | /read req/s | /read vs ceiling | /hit req/s | /hit vs ceiling | Redis calls/req (read, hit) |', '| --- | ---: | ---: | ---: | ---: | --- |']
  for (const [name, { read, hit }] of byName) {
    const redis = read?.redisSplit && hit?.redisSplit ? `${fmtRedis(read)}; ${fmtRedis(hit)}` : ''
    summary.push(`| ${name} | ${read ? int(mean(read.rps)) : ''} | ${read ? median(read.ratio).toFixed(2) : ''} | ${hit ? int(mean(hit.rps)) : ''} | ${hit ? median(hit.ratio).toFixed(2) : ''} | ${redis} |`)
  }

  const detail = [
    '| Contender | Route | req/s (per run) | spread | p50 ms | p99 ms | server CPU µs/req | server core busy | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of all) {
    const busy = mean(r.rps.map((rps, i) => (rps * r.cpu[i]!) / 1e6))
    detail.push(`| ${r.contender} | /${r.route} | ${r.rps.map(int).join(' / ')} | ${pct(spread(r.rps))} | ${mean(r.p50).toFixed(2)} | ${mean(r.p99).toFixed(2)} | ${mean(r.cpu).toFixed(1)} | ${pct(busy)} | ${r.errors} |`)
  }

  const redisRows = ['| Contender | Route | calls/req (INFO commandstats) | by command | sent by the server / run inside Lua (MONITOR replay) |', '| --- | --- | ---: | --- | --- |']
  for (const r of all) {
    if (!r.redis) continue
    const by = Object.entries(r.redis.byCommand).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')
    const split = r.redisSplit ? `${r.redisSplit.sent.toFixed(2)} sent (${Object.entries(r.redisSplit.byCommand).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}) / ${r.redisSplit.inScripts.toFixed(2)} in Lua` : ''
    redisRows.push(`| ${r.contender} | /${r.route} | ${r.redis.total.toFixed(2)} | ${by} | ${split} |`)
  }

  const targets = ['| Target | Needed | Measured: req/s ratio, median (per run) | CPU-time ratio, median | Met |', '| --- | ---: | ---: | ---: | :---: |']
  const ceilingOf = (framework: string, route: string) => all.find((r) => r.framework === framework && r.route === route && r.ratio.every((x) => x === 1))
  for (const [name, t] of Object.entries(TARGETS)) {
    const got = byName.get(name)
    if (!got) continue
    const line = (what: string, need: number, value: number | undefined, atMost = false, row?: Row) => {
      if (value === undefined || Number.isNaN(value)) return
      const met = atMost ? value <= need + 1e-9 : value >= need
      const perRun = row && row.ratio.length > 1 ? ` (${row.ratio.map((x) => x.toFixed(2)).join(' / ')})` : ''
      const ceiling = row && ceilingOf(row.framework, row.route)
      const shaky = ceiling && spread(ceiling.rps) > 0.15 ? ` — ceiling varied ${pct(spread(ceiling.rps))} between runs` : ''
      const cpu = row && ceiling ? median(row.cpu.map((c, i) => ceiling.cpu[i]! / c)).toFixed(2) : ''
      targets.push(`| ${name} ${what} | ${atMost ? '≤' : '≥'} ${need} | ${value.toFixed(2)}${perRun}${shaky} | ${cpu} | ${met ? 'yes' : '**no**'} |`)
    }
    line('/read vs ceiling', t.read, got.read && median(got.read.ratio), false, got.read)
    line('/hit vs ceiling', t.hit, got.hit && median(got.hit.ratio), false, got.hit)
    if (t.redisRead !== undefined) {
      const exact = got.read?.redisSplit?.sent
      if (exact !== undefined) targets.push(`| ${name} Redis commands per /read | = ${t.redisRead} | ${exact.toFixed(2)} |  | ${Math.abs(exact - t.redisRead) < 1e-9 ? 'yes' : '**no**'} |`)
      line('Redis commands per /hit', t.redisHit!, got.hit?.redisSplit?.sent, true)
    }
  }
  const micro = input.micro.length ? microTable(input.micro) : ''
  for (const t of input.micro.length ? microTargets(input.micro) : []) targets.push(`| ${t.name} (micro) | ≥ ${t.need}× | ${t.ratio.toFixed(2)}× |  | ${t.ratio >= t.need ? 'yes' : '**no**'} |`)

  const spreads = all.map((r) => spread(r.rps))
  const full = `# Benchmark results

Generated by \`pnpm bench --write\` on ${input.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.

- Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpu}; Node ${machine.node}; load average at the end ${machine.load}.
- **Server and load generator share this machine.** ${settings.pinned ? 'The server runs pinned to core 1 (`taskset`), the load generator to core 0; Redis is not pinned.' : 'No pinning (taskset missing or a single core).'}
- Load: ${machine.tool}, 1 thread, ${settings.connections} connections, ${settings.sessions} distinct session cookies sent round-robin; ${settings.warmupSeconds} s warm-up per route, then ${settings.seconds} s measured per route; ${settings.runs} runs, interleaved.
- Every contender: 32-byte random secret; Secure, HttpOnly, SameSite=Lax persistent cookies; no resave, no saveUninitialized, not rolling. \`GET /hit\` increments a counter in the session; \`GET /read\` only reads it.
- "Server core busy" is server CPU time over wall time (100% = one core saturated; more is possible, Node has helper threads). Below 100%, the load generator or a neighbour on the machine limited the run.
- Ratios are to the same framework's server with no session, within the same run; the median over the runs (the mean, for two). The CPU-time ratio is the ceiling's server CPU µs per request over the contender's, per run: where it matches the req/s ratio, the server core was the limit, not the load generator. Run-to-run spread of req/s: median ${pct(median(spreads))}, largest ${pct(Math.max(0, ...spreads))}.

## Summary

${summary.join('\n')}

## Targets (issue 4)

${targets.join('\n')}

## Detail

${detail.join('\n')}
${redisRows.length > 2 ? `\n## Redis commands\n\n${redisRows.join('\n')}\n` : ''}
## Micro-benchmarks (tinybench)

${micro}
`
  return { full, summary: summary.join('\n'), micro }
}

function fmtRedis(r: Row): string {
  return `${r.redisSplit!.sent.toFixed(0)}${r.redisSplit!.inScripts > 0 ? ` (+${r.redisSplit!.inScripts.toFixed(0)} in Lua)` : ''}`
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
