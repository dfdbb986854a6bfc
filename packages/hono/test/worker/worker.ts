// The suite's routes as a Cloudflare Worker with the cookie store, bundled by the test and run in
// workerd. A worker cannot receive objects from the test, so the manager options arrive as JSON.
import { CookieStore, type SessionManagerOptions } from '@sess/core'
import { routesApp } from '../routes.js'

let app: ReturnType<typeof routesApp> | undefined

export default {
  fetch(request: Request, env: { SESSION_OPTIONS: Omit<SessionManagerOptions, 'store' | 'now'> }, ctx: unknown) {
    if (new URL(request.url).pathname === '/runtime') return new Response(navigator.userAgent)
    app ??= routesApp({ ...env.SESSION_OPTIONS, store: new CookieStore() })
    return app.fetch(request, env, ctx as never)
  },
}
