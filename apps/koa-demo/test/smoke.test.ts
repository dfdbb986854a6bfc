import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listen, storeFromEnv } from 'demo-kit'
import { describeDemoSmoke } from 'demo-kit/testing'
import { afterAll } from 'vitest'
import { createListener } from '../src/app.js'

const secret = 'koa-demo-smoke-test-secret-0123456789abcdef'
const tmp = mkdtempSync(join(tmpdir(), 'koa-demo-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describeDemoSmoke('koa demo, cookie store (the default)', () => listen(createListener({ secret }), 0, '127.0.0.1'), { serverSide: false })

// A server-side store too, so "the old cookie is dead after sign-in and sign-out" is checked here.
const fileStore = storeFromEnv(`file:${join(tmp, 'sessions')}`)
describeDemoSmoke('koa demo, file store', async () => listen(createListener({ secret, store: await fileStore }), 0, '127.0.0.1'), { serverSide: true })
