import { defineProject, type ViteUserConfig } from 'vitest/config'

/**
 * The project config every package uses: tests import workspace packages from `src/` through the
 * `dev-source` export condition, so no build is needed to test.
 */
export function packageProject(name: string, test: NonNullable<ViteUserConfig['test']> = {}) {
  return defineProject({
    resolve: { conditions: ['dev-source'] },
    ssr: { resolve: { conditions: ['dev-source'] } },
    test: { name, include: ['test/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000, ...test },
  })
}
