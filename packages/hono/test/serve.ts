import { createAdaptorServer } from '@hono/node-server'
import { type BindingServer, serveNode } from '@sess/binding-tests'
import type { Hono } from 'hono'

/** Serves a Hono app through @hono/node-server on a free loopback port. */
export function serveHono(app: Hono<any>): Promise<BindingServer> {
  return serveNode(createAdaptorServer({ fetch: app.fetch }) as Parameters<typeof serveNode>[0])
}
