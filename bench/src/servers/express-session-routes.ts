import type { Express } from 'express'

/** /hit and /read on `req.session` as express-session, cookie-session and iron-session shape it. */
export function expressSessionRoutes(app: Express): void {
  app.get('/hit', (req, res) => {
    const n = ((req.session.n as number | undefined) ?? 0) + 1
    req.session.n = n
    res.send(String(n))
  })
  app.get('/read', (req, res) => {
    res.send(String(req.session.n ?? 0))
  })
}
