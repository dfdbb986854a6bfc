import { session } from '@sess/express'
import { type DemoConfig, expiryPage, homePage, readName } from 'demo-kit'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'

const FRAMEWORK = 'Express'

/** The demo app: visit counter, sign in (regenerate) and out (destroy) with flashes, expiry page. */
export function createApp({ secret, store, storeLabel }: DemoConfig): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(express.urlencoded({ extended: false, limit: '16kb' }))
  // Default cookie: `__Host-sid`, Secure. Browsers accept Secure cookies on http://localhost.
  app.use(session({ secret, store }))

  app.get('/', (req, res) => {
    const visits = req.session.get('visits', 0) + 1
    req.session.set('visits', visits)
    res.type('html').send(homePage({ framework: FRAMEWORK, visits, user: req.session.get('user'), flashes: req.session.flashes(), store: storeLabel }))
  })

  app.post('/login', async (req, res) => {
    const name = readName(req.body?.name)
    if (!name) {
      req.session.flash('Enter a name to sign in.')
      return res.redirect(303, '/')
    }
    await req.session.regenerate() // a new session id at sign-in: session fixation defence
    req.session.set('user', name)
    req.session.flash(`Signed in as ${name}`)
    res.redirect(303, '/')
  })

  app.post('/logout', async (req, res) => {
    await req.session.destroy()
    req.session.flash('Signed out') // lands in a new, empty session
    res.redirect(303, '/')
  })

  app.get('/expiry', (req, res) => {
    const { expiresAt, expiryAge, permanent } = req.session
    res.type('html').send(expiryPage({ framework: FRAMEWORK, expiresAt, expiryAge, permanent, store: storeLabel }))
  })

  // A store outage reaches here as a SessionStoreError with status 503: never a silent logout.
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? 500
    if (status >= 500) console.error(`[demo] ${error.message}`)
    res.status(status).type('text').send(status === 503 ? 'The session store is unavailable; try again shortly.' : 'Something went wrong.')
  })
  return app
}
