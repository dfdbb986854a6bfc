import type { RouteSessionData } from '@sess/binding-tests'
import type { SessionManager, SessionManagerOptions } from '@sess/core'
import express5, { type Express, type NextFunction, type Request, type Response } from 'express'
import express4 from 'express4'
import { session } from '../src/index.js'

declare module '@sess/core' {
  interface SessionData extends RouteSessionData {
    streamed: boolean
  }
}

export const expressVersions = [
  ['express 5', express5],
  ['express 4', express4],
] as const

/** Express 4 does not catch a rejected promise from a handler: route it to `next` by hand. */
export const route = (handler: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) => {
  handler(req, res).catch(next)
}

/** The suite's routes (see `ROUTES` in @sess/binding-tests), in plain Express. */
export function buildApp(express: typeof express5, options: SessionManagerOptions | SessionManager): Express {
  const app = express()
  app.use(session(options))
  app.get('/count', (req, res) => {
    const count = req.session.get('count', 0) + 1
    req.session.set('count', count)
    res.send(String(count))
  })
  app.get('/peek', (req, res) => {
    res.send(String(req.session.get('count') ?? 'none'))
  })
  app.post('/login', route(async (req, res) => {
    const name = String(req.query.name)
    await req.session.regenerate()
    req.session.set('user', name)
    req.session.flash(`welcome ${name}`)
    res.redirect(303, '/me')
  }))
  app.get('/me', (req, res) => {
    res.json({ user: req.session.get('user') ?? null, flashes: req.session.flashes() })
  })
  app.post('/logout', route(async (req, res) => {
    await req.session.destroy()
    res.send('bye')
  }))
  app.get('/browser', (req, res) => {
    req.session.permanent = false
    req.session.set('b', 1)
    res.send('ok')
  })
  return app
}
