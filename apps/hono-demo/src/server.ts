import { runDemo } from 'demo-kit'
import { createListener } from './app.js'

// PORT (default 3000), SESSION_SECRET, SESSION_STORE: see README.md.
await runDemo('Hono', createListener)
