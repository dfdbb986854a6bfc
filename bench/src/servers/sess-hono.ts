import { serve } from '@hono/node-server'
import { type SessionEnv, session } from '@sess/hono'
import { Hono } from 'hono'
import { announce, portFromArgs } from './common.ts'
import { hit, read, sessManager } from './sess-common.ts'

const app = new Hono<SessionEnv>()
app.use(session(sessManager()))
app.get('/hit', (c) => c.text(hit(c.get('session'))))
app.get('/read', (c) => c.text(read(c.get('session'))))
const server = serve({ fetch: app.fetch, port: portFromArgs(), hostname: '127.0.0.1' }, () => announce(server as never))
