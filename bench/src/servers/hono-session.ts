import { serve } from '@hono/node-server'
import { type SessionEnv, useSession } from '@hono/session'
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { announce, MAX_AGE_S, portFromArgs, SECRET } from './common.ts'

// @hono/session: the session in a JWE cookie. Its own cookie options lack Secure: added here.
const app = new Hono<SessionEnv<{ n: number }>>()
app.use(
  useSession({
    secret: SECRET,
    duration: { absolute: MAX_AGE_S },
    setCookie: (c, name, value, options) => setCookie(c, name, value, { ...options, secure: true }),
  }),
)
app.get('/hit', async (c) => {
  let n = 0
  await c.var.session.update((data) => {
    n = (data?.n ?? 0) + 1
    return { n }
  })
  return c.text(String(n))
})
app.get('/read', async (c) => c.text(String((await c.var.session.get())?.n ?? 0)))
const server = serve({ fetch: app.fetch, port: portFromArgs(), hostname: '127.0.0.1' }, () => announce(server as never))
