import { fileURLToPath } from 'node:url'

/** @type {import('next').NextConfig} */
export default {
  // The monorepo root: workspace packages (@sess/*) live outside this app's folder.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
}
