import { createAdaptorServer } from '@hono/node-server'
import { type BindingServer, serveNode } from '@sess/binding-tests'

/** Anything with Hono's `fetch`. */
export type FetchApp = { fetch: (request: Request) => Response | Promise<Response> }

/** Serves a Hono app through @hono/node-server on a free loopback port. */
export function serveHono(app: FetchApp): Promise<BindingServer> {
  return serveNode(createAdaptorServer({ fetch: app.fetch }) as Parameters<typeof serveNode>[0])
}
