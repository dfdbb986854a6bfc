import express from 'express'
import session from 'express-session'
import { announce, MAX_AGE_MS, portFromArgs, SECRET } from './common.ts'
import { expressSessionRoutes } from './express-session-routes.ts'

const app = express()
app.set('trust proxy', true)
app.use(
  session({
    secret: SECRET,
    store: new session.MemoryStore(),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_MS },
  }),
)
expressSessionRoutes(app)
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
