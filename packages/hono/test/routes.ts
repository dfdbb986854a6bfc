import type { SessionManager, SessionManagerOptions } from '@sess/core'
import { Hono } from 'hono'
import { type SessionEnv, session } from '../src/index.js'

/** The standard routes of the binding behaviour suite, in Hono. */
export function routesApp(init: SessionManagerOptions | SessionManager) {
  const app = new Hono<SessionEnv>()
  app.use(session(init))
  app.get('/count', (c) => {
    const s = c.get('session')
    const count = (s.get('count', 0) as number) + 1
    s.set('count', count)
    return c.text(String(count))
  })
  app.get('/peek', (c) => c.text(String(c.get('session').get('count', 'none'))))
  app.post('/login', async (c) => {
    const s = c.get('session')
    const name = c.req.query('name') ?? 'anonymous'
    await s.regenerate()
    s.set('user', name)
    s.flash(`welcome ${name}`)
    return c.redirect('/me', 303)
  })
  app.get('/me', (c) => {
    const s = c.get('session')
    return c.json({ user: s.get('user') ?? null, flashes: s.flashes() })
  })
  app.post('/logout', async (c) => {
    await c.get('session').destroy()
    return c.text('bye')
  })
  app.get('/browser', (c) => {
    const s = c.get('session')
    s.permanent = false
    s.set('b', 1)
    return c.text('ok')
  })
  return app
}
