import { session } from '@sess/express'
import express from 'express'
import { announce, portFromArgs } from './common.ts'
import { hit, read, sessManager } from './sess-common.ts'

const app = express()
app.use(session(sessManager()))
app.get('/hit', (req, res) => {
  res.send(hit(req.session))
})
app.get('/read', (req, res) => {
  res.send(read(req.session))
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
