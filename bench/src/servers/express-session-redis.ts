import { RedisStore } from 'connect-redis'
import express from 'express'
import session from 'express-session'
import { announce, MAX_AGE_MS, portFromArgs, redisUrl, requireNodeRedis, SECRET } from './common.ts'
import { expressSessionRoutes } from './express-session-routes.ts'

// connect-redis 9 with node-redis, the client it is written for.
const client = requireNodeRedis().createClient({ url: redisUrl() })
client.on('error', (error) => console.error(error))
await client.connect()

const app = express()
app.set('trust proxy', true)
app.use(
  session({
    secret: SECRET,
    store: new RedisStore({ client, prefix: 'bench-es:' }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_MS },
  }),
)
expressSessionRoutes(app)
const server = app.listen(portFromArgs(), '127.0.0.1', () => announce(server))
