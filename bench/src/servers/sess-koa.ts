import { session } from '@sess/koa'
import Koa from 'koa'
import { announce, portFromArgs } from './common.ts'
import { hit, read, sessManager } from './sess-common.ts'

const app = new Koa()
app.use(session(sessManager()))
app.use((ctx) => {
  if (ctx.path === '/hit') ctx.body = hit(ctx.session)
  else if (ctx.path === '/read') ctx.body = read(ctx.session)
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
