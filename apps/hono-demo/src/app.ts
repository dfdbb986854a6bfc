import type { RequestListener } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { type SessionEnv, session } from '@sess/hono'
import { type DemoConfig, expiryPage, homePage, readName } from 'demo-kit'
import { Hono } from 'hono'

const FRAMEWORK = 'Hono'

/** The demo app: visit counter, sign in (regenerate) and out (destroy) with flashes, expiry page. */
export function createApp({ secret, store, storeLabel }: DemoConfig): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>()
  // Default cookie: `__Host-sid`, Secure. Browsers accept Secure cookies on http://localhost.
  // A store outage answers 503 (an HTTPException): never a silent logout.
  app.use(session({ secret, store }))

  app.get('/', (c) => {
    const session = c.get('session')
    const visits = session.get('visits', 0) + 1
    session.set('visits', visits)
    return c.html(homePage({ framework: FRAMEWORK, visits, user: session.get('user'), flashes: session.flashes(), store: storeLabel }))
  })

  app.post('/login', async (c) => {
    const session = c.get('session')
    const name = readName((await c.req.parseBody()).name)
    if (!name) {
      session.flash('Enter a name to sign in.')
      return c.redirect('/', 303)
    }
    await session.regenerate() // a new session id at sign-in: session fixation defence
    session.set('user', name)
    session.flash(`Signed in as ${name}`)
    return c.redirect('/', 303)
  })

  app.post('/logout', async (c) => {
    const session = c.get('session')
    await session.destroy()
    session.flash('Signed out') // lands in a new, empty session
    return c.redirect('/', 303)
  })

  app.get('/expiry', (c) => {
    const { expiresAt, expiryAge, permanent } = c.get('session')
    return c.html(expiryPage({ framework: FRAMEWORK, expiresAt, expiryAge, permanent, store: storeLabel }))
  })
  return app
}

/** The app as a Node request listener (for `listen` from demo-kit). */
export const createListener = (config: DemoConfig): RequestListener => getRequestListener(createApp(config).fetch)
