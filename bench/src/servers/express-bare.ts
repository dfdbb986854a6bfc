import express from 'express'
import { announce, portFromArgs } from './common.ts'

// The Express ceiling: the same routes with no session.
const app = express()
app.get('/hit', (_req, res) => {
  res.send('1')
})
app.get('/read', (_req, res) => {
  res.send('0')
})
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
