import { runDemo } from 'demo-kit'
import { createApp } from './app.js'

// PORT (default 3000), SESSION_SECRET, SESSION_STORE: see README.md.
await runDemo('Express', createApp)
