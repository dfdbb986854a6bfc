// Session options shared by the middleware (edge runtime) and the app (Node.js runtime): both
// must use the same store and secret. The cookie store keeps everything in the sealed cookie, so
// the edge middleware can read and write it without a database.
import { CookieStore } from '@sess/core'

const DEV_SECRET = 'next-demo-development-secret-do-not-use-in-production'

/** @returns {import('@sess/core').SessionManagerOptions} */
export function sessionOptions() {
  // SESSION_OPTIONS (JSON: lifetime, permanent, ...) lets the test suite start the app with other settings.
  const overrides = process.env.SESSION_OPTIONS ? JSON.parse(process.env.SESSION_OPTIONS) : {}
  return { secret: process.env.SESSION_SECRET || DEV_SECRET, store: new CookieStore(), ...overrides }
}
