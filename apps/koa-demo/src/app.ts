import type { RequestListener } from 'node:http'
import { Router } from '@koa/router'
import { session } from '@sess/koa'
import { type DemoConfig, expiryPage, homePage, readForm, readName } from 'demo-kit'
import Koa from 'koa'

const FRAMEWORK = 'Koa'

/** The demo app: visit counter, sign in (regenerate) and out (destroy) with flashes, expiry page. */
export function createApp({ secret, store, storeLabel }: DemoConfig): Koa {
  const app = new Koa()
  const router = new Router()

  router.get('/', (ctx) => {
    const visits = ctx.session.get('visits', 0) + 1
    ctx.session.set('visits', visits)
    ctx.type = 'html'
    ctx.body = homePage({ framework: FRAMEWORK, visits, user: ctx.session.get('user'), flashes: ctx.session.flashes(), store: storeLabel })
  })

  router.post('/login', async (ctx) => {
    const name = readName((await readForm(ctx.req)).get('name'))
    ctx.status = 303
    ctx.redirect('/')
    if (!name) return ctx.session.flash('Enter a name to sign in.')
    await ctx.session.regenerate() // a new session id at sign-in: session fixation defence
    ctx.session.set('user', name)
    ctx.session.flash(`Signed in as ${name}`)
  })

  router.post('/logout', async (ctx) => {
    await ctx.session.destroy()
    ctx.session.flash('Signed out') // lands in a new, empty session
    ctx.status = 303
    ctx.redirect('/')
  })

  router.get('/expiry', (ctx) => {
    const { expiresAt, expiryAge, permanent } = ctx.session
    ctx.type = 'html'
    ctx.body = expiryPage({ framework: FRAMEWORK, expiresAt, expiryAge, permanent, store: storeLabel })
  })

  // Default cookie: `__Host-sid`, Secure. Browsers accept Secure cookies on http://localhost.
  // A store outage is thrown as a SessionStoreError with status 503: never a silent logout.
  app.use(session({ secret, store }))
  app.use(router.routes())
  app.use(router.allowedMethods())
  return app
}

/** The app as a Node request listener (for `listen` from demo-kit). */
export const createListener = (config: DemoConfig): RequestListener => createApp(config).callback()
