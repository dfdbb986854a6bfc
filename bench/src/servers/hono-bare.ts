import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { announce, portFromArgs } from './common.ts'

// The Hono ceiling: the same routes with no session.
const app = new Hono()
app.get('/hit', (c) => c.text('1'))
app.get('/read', (c) => c.text('0'))
const server = serve({ fetch: app.fetch, port: portFromArgs(), hostname: '127.0.0.1' }, () => announce(server as never))
