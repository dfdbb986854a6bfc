import type { Reporter, TestCase, TestModule } from 'vitest/node'

type Tally = { passed: number; failed: number; skipped: number }

/**
 * The hardening themes the summary counts separately, so a CI log shows at a glance that each
 * ran against the real servers. A test belongs to every theme whose pattern matches its full name
 * (describe blocks and title).
 */
const THEMES: ReadonlyArray<readonly [string, RegExp]> = [
  ['concurrency: no lost update, no resurrection, no resave', /concurren|conflict|exactly one|different keys|later commit|bring back|brings back|resurrect|recreate|read-only|interleav/i],
  ['revocation: list, log out everywhere', /revo|log out everywhere|sessions? of a user|user.s sessions|listByUser|setUser/i],
  ['tamper and input fuzzing', /fuzz|tamper|mutation|not of our format|__proto__|prototype|garbage|throws or hangs|foreign/i],
  ['faults: outage, hung server, restart, failover, crash', /outage|never answers|failover|restart|killed|recover|hung/i],
  ['bounded soak', /soak|loses nothing acknowledged across/i],
]

/** Prints per project, per hardening theme, then `tests: N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const projects = new Map<string, Tally>()
    const themes = new Map<string, Tally>(THEMES.map(([name]) => [name, tally()]))
    for (const module of modules) {
      const project = projects.get(module.project.name || 'root') ?? tally()
      projects.set(module.project.name || 'root', project)
      for (const test of module.children.allTests()) {
        const state = stateOf(test)
        project[state]++
        const name = test.fullName
        for (const [theme, pattern] of THEMES) if (pattern.test(name)) themes.get(theme)![state]++
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) project.failed++
    }
    print('per project:', [...projects].sort())
    print('hardening themes (a test may count in more than one):', [...themes])
    const all = [...projects.values()].reduce((sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }), tally())
    console.log(`tests: ${line(all)}`)
  }
}

function tally(): Tally {
  return { passed: 0, failed: 0, skipped: 0 }
}

function stateOf(test: TestCase): keyof Tally {
  const state = test.result().state
  return state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped'
}

function line(t: Tally): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`
}

function print(title: string, rows: ReadonlyArray<readonly [string, Tally]>): void {
  console.log(`\n${title}`)
  for (const [name, t] of rows) console.log(`  ${name.padEnd(56)} ${line(t)}`)
}
