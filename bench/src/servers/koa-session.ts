import Koa from 'koa'
import session from 'koa-session'
import { announce, MAX_AGE_MS, portFromArgs, SECRET } from './common.ts'

// koa-session's default store: the session in a signed cookie.
const app = new Koa()
app.keys = [SECRET]
app.proxy = true
app.use(session({ key: 'koa.sess', maxAge: MAX_AGE_MS, httpOnly: true, secure: true, sameSite: 'lax', signed: true, rolling: false, renew: false }, app))
app.use((ctx) => {
  const s = ctx.session!
  if (ctx.path === '/hit') {
    const n = ((s.n as number | undefined) ?? 0) + 1
    s.n = n
    ctx.body = String(n)
  } else if (ctx.path === '/read') ctx.body = String(s.n ?? 0)
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
