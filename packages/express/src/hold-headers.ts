import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders'
type Call = { method: Method; args: unknown[] }
type Fn = (this: ServerResponse, ...args: unknown[]) => unknown

const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders']

/**
 * Holds back the response until `commit` has run. The first call to `writeHead`, `write`, `end`
 * or `flushHeaders` starts `commit`; that call and every later one are queued, then replayed in
 * order once it resolves (so `commit` can still set headers). A queued `write` returns false and
 * `drain` is emitted after the replay, so streams respect backpressure. If `commit` rejects,
 * `failed` decides: answer otherwise (the queue is dropped), or `release()` it as it is.
 *
 * The wrappers stay in place and pass straight through once released, so middleware that wrapped
 * these methods after us (compression, ...) keeps working.
 */
export function holdHeaders(res: ServerResponse, commit: () => Promise<void>, failed: (error: unknown, release: () => void) => void): void {
  const target = res as unknown as Record<Method, Fn>
  const original = Object.fromEntries(METHODS.map((m) => [m, target[m]])) as Record<Method, Fn>
  const queue: Call[] = []
  let state: 'open' | 'committing' | 'released' = 'open'

  const release = () => {
    state = 'released'
    let wrote = false
    let writable = true
    for (const { method, args } of queue.splice(0)) {
      const result = original[method].apply(res, args)
      if (method === 'write') [wrote, writable] = [true, result as boolean]
    }
    if (wrote && writable) res.emit('drain')
  }

  for (const method of METHODS) {
    target[method] = function held(...args) {
      if (state === 'released') return original[method].apply(this, args)
      queue.push({ method, args: method === 'writeHead' ? absorbHeaders(res, args) : args })
      if (state === 'open') {
        state = 'committing'
        commit().then(release, (error: unknown) => {
          state = 'released' // whatever answers the error goes straight out; the queue is kept for `release`
          failed(error, release)
        })
        .catch((error: unknown) => res.destroy(error as Error)) // a replay that throws must not crash the process
      }
      return method === 'write' ? false : method === 'flushHeaders' ? undefined : this
    }
  }
}

/**
 * `writeHead(status, [message], headers)` would overwrite what the commit sets (Vary,
 * Set-Cookie, Cache-Control): move its headers onto the response now, as Node itself would, and
 * queue only the status.
 */
function absorbHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  if (typeof args[0] === 'number') res.statusCode = args[0]
  const last = args.at(-1)
  if (typeof last !== 'object' || last === null) return args
  if (Array.isArray(last)) for (let i = 0; i + 1 < last.length; i += 2) res.appendHeader(String(last[i]), last[i + 1] as string)
  else for (const [name, value] of Object.entries(last as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value)
  return args.slice(0, -1)
}
