import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { CookieStore, type Session, sessionMiddleware } from 'hono-sessions'
import { announce, MAX_AGE_S, portFromArgs, SECRET } from './common.ts'

// hono-sessions' cookie store (iron-webcrypto seals), not extended on every request.
const app = new Hono<{ Variables: { session: Session<{ n: number }>; session_key_rotation: boolean } }>()
app.use(
  '*',
  sessionMiddleware({
    store: new CookieStore(),
    encryptionKey: SECRET,
    expireAfterSeconds: MAX_AGE_S,
    autoExtendExpiration: false,
    cookieOptions: { sameSite: 'Lax', path: '/', httpOnly: true, secure: true },
  }),
)
app.get('/hit', (c) => {
  const session = c.get('session')
  const n = (session.get('n') ?? 0) + 1
  session.set('n', n)
  return c.text(String(n))
})
app.get('/read', (c) => c.text(String(c.get('session').get('n') ?? 0)))
const server = serve({ fetch: app.fetch, port: portFromArgs(), hostname: '127.0.0.1' }, () => announce(server as never))
