import { defineConfig, type Options } from 'tsup'

/** The one build every publishable package shares: ESM + CJS + .d.ts, no bundled dependencies. */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...overrides,
  })
}
