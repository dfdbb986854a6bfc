import cookieSession from 'cookie-session'
import express from 'express'
import { announce, MAX_AGE_MS, portFromArgs, SECRET } from './common.ts'

const app = express()
app.set('trust proxy', true)
app.use(cookieSession({ name: 'session', keys: [SECRET], secure: true, httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_MS }))
app.get('/hit', (req, res) => {
  const n = ((req.session!.n as number | undefined) ?? 0) + 1
  req.session!.n = n
  res.send(String(n))
})
app.get('/read', (req, res) => {
  res.send(String(req.session!.n ?? 0))
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
