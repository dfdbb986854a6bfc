import type { Reporter, TestModule } from 'vitest/node'

/** Prints the run's closing line as `tests: N passed, N failed, N skipped`, per project first. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const totals = new Map<string, { passed: number; failed: number; skipped: number }>()
    for (const module of modules) {
      const name = module.project.name || 'root'
      const t = totals.get(name) ?? { passed: 0, failed: 0, skipped: 0 }
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') t.passed++
        else if (state === 'failed') t.failed++
        else t.skipped++
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) t.failed++
      totals.set(name, t)
    }
    const all = { passed: 0, failed: 0, skipped: 0 }
    console.log('\nper project:')
    for (const [name, t] of [...totals].sort()) {
      console.log(`  ${name.padEnd(28)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`)
      all.passed += t.passed
      all.failed += t.failed
      all.skipped += t.skipped
    }
    console.log(`tests: ${all.passed} passed, ${all.failed} failed, ${all.skipped} skipped`)
  }
}
