import { defineConfig } from 'vitest/config'

// One run, one summary: every package and app is a project of this config.
export default defineConfig({
  test: {
    projects: ['{packages/*,apps/*,bench}/vitest.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    coverage: { provider: 'v8', include: ['packages/*/src/**'], reporter: ['text-summary', 'text'] },
  },
})
