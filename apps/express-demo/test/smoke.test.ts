import { listen } from 'demo-kit'
import { describeDemoSmoke } from 'demo-kit/testing'
import { createApp } from '../src/app.js'

const secret = 'express-demo-smoke-test-secret-0123456789'

describeDemoSmoke('express demo, cookie store (the default)', () => listen(createApp({ secret }), 0, '127.0.0.1'), { serverSide: false })
