import Koa from 'koa'
import { announce, portFromArgs } from './common.ts'

// The Koa ceiling: the same routes with no session.
const app = new Koa()
app.use((ctx) => {
  if (ctx.path === '/hit') ctx.body = '1'
  else if (ctx.path === '/read') ctx.body = '0'
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
