import express from 'express'
import { getIronSession, type SessionOptions } from 'iron-session'
import { announce, MAX_AGE_S, portFromArgs, SECRET } from './common.ts'

const options: SessionOptions = {
  password: SECRET,
  cookieName: 'iron',
  ttl: MAX_AGE_S,
  cookieOptions: { secure: true, httpOnly: true, sameSite: 'lax' },
}

const app = express()
app.get('/hit', async (req, res) => {
  const session = await getIronSession<{ n?: number }>(req, res, options)
  const n = (session.n ?? 0) + 1
  session.n = n
  await session.save()
  res.send(String(n))
})
app.get('/read', async (req, res) => {
  const session = await getIronSession<{ n?: number }>(req, res, options)
  res.send(String(session.n ?? 0))
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
