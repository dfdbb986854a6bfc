import type { RouteSessionData } from '@sess/binding-tests'
import type { SessionManager, SessionManagerOptions } from '@sess/core'
import Koa3, { type Middleware } from 'koa'
import Koa2 from 'koa2'
import { session } from '../src/index.js'

declare module '@sess/core' {
  interface SessionData extends RouteSessionData {}
}

export const koaVersions = [
  ['koa 3', Koa3],
  ['koa 2', Koa2],
] as const

/** The suite's routes (see `ROUTES` in @sess/binding-tests), in plain Koa; `extra` runs first. */
export function buildApp(Koa: typeof Koa3, options: SessionManagerOptions | SessionManager, ...extra: Middleware[]): Koa3 {
  const app = new Koa()
  app.silent = true
  app.use(session(options))
  for (const middleware of extra) app.use(middleware)
  app.use(async (ctx) => {
    const s = ctx.session
    switch (`${ctx.method} ${ctx.path}`) {
      case 'GET /count':
        s.set('count', s.get('count', 0) + 1)
        ctx.body = String(s.get('count'))
        return
      case 'GET /peek':
        ctx.body = String(s.get('count') ?? 'none')
        return
      case 'POST /login': {
        const name = String(ctx.query.name)
        await s.regenerate()
        s.set('user', name)
        s.flash(`welcome ${name}`)
        ctx.status = 303
        ctx.redirect('/me')
        return
      }
      case 'GET /me':
        ctx.body = { user: s.get('user') ?? null, flashes: s.flashes() }
        return
      case 'POST /logout':
        await s.destroy()
        ctx.body = 'bye'
        return
      case 'GET /browser':
        s.permanent = false
        s.set('b', 1)
        ctx.body = 'ok'
    }
  })
  return app
}
