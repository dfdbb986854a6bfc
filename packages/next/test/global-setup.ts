import { buildApp } from './next-app.js'

/** Builds apps/next-demo once per run (skipped when the last build is newer than its inputs). */
export default function setup(): void {
  buildApp()
}
