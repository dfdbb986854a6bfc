import { type OutgoingHttpHeaders, ServerResponse } from 'node:http'

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders'
type Fn = (this: ServerResponse, ...args: unknown[]) => unknown
type Methods = Readonly<Record<Method, Fn>>
type Call = { method: Method; args: unknown[] }

const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders']
const OPEN = 0
const COMMITTING = 1
const RELEASED = 2

/** What finishes a held response: `commit` runs once, when the response first tries to go out. */
export interface HoldHandler<Context> {
  /** Sets the session headers; the held calls are replayed once it resolves. */
  commit(res: ServerResponse, context: Context): Promise<void>
  /** `commit` rejected: answer otherwise (the held calls are dropped), or `releaseHeld(res)`. */
  failed(res: ServerResponse, context: Context, error: unknown): void
}

type Commit = { handler: HoldHandler<unknown>; context: unknown }

interface Hold {
  state: typeof OPEN | typeof COMMITTING | typeof RELEASED
  queue: Call[] | null
  /** The methods the held calls are replayed on. */
  inner: Methods
  /** One per middleware holding this response (two session middlewares with two cookie names), run in order. */
  commits: Commit[]
}

const HOLD = Symbol('@sess/express hold')
type HeldResponse = ServerResponse & { [HOLD]?: Hold }

/** Per shared response prototype: the methods found there, and the wrappers put in their place. */
const installed = new WeakMap<object, { inner: Methods; wrappers: Methods }>()

/**
 * Holds back the response until `handler.commit` has run. The first call to `writeHead`, `write`,
 * `end` or `flushHeaders` starts it; that call and every later one are queued, then replayed in
 * order once it resolves (so the commit can still set headers). A queued `write` returns false and
 * `drain` is emitted after the replay, so streams respect backpressure.
 *
 * The wrappers are installed once, on the response prototype Express shares between its apps
 * (mounted sub-apps swap `res`'s own prototype, never that one), and find the per-response state
 * in one symbol property: no closures or own methods per request. A response whose methods were
 * replaced before us (or that is not an Express response) gets own-property wrappers instead.
 * Either way they pass straight through once released, so middleware that wrapped these methods
 * after us (compression, ...) keeps working.
 */
export function holdHeaders<Context>(res: ServerResponse, handler: HoldHandler<Context>, context: Context): void {
  const commit: Commit = { handler: handler as HoldHandler<unknown>, context }
  const held = (res as HeldResponse)[HOLD]
  if (held?.state === OPEN) held.commits.push(commit)
  else (res as HeldResponse)[HOLD] = { state: OPEN, queue: null, inner: sharedWrappers(res) ?? wrapOwnMethods(res), commits: [commit] }
}

/** Sends what a failed commit held back, as it is. */
export function releaseHeld(res: ServerResponse): void {
  const hold = (res as HeldResponse)[HOLD]
  if (hold) release(res, hold)
}

/** The shared prototype's original methods, when `res` reaches our wrappers through it. */
function sharedWrappers(res: ServerResponse): Methods | null {
  const proto = sharedPrototype(res)
  if (!proto) return null
  let found = installed.get(proto)
  if (!found) {
    found = wrapPrototype(proto)
    installed.set(proto, found)
  }
  const target = res as unknown as Methods
  for (const method of METHODS) if (target[method] !== found.wrappers[method]) return null
  return found.inner
}

/** The farthest prototype of `res` below Node's `ServerResponse.prototype`, never Node's own. */
function sharedPrototype(res: ServerResponse): object | null {
  let proto: object | null = Object.getPrototypeOf(res)
  let shared: object | null = null
  while (proto !== null && proto !== ServerResponse.prototype) {
    shared = proto
    proto = Object.getPrototypeOf(proto)
  }
  return proto === ServerResponse.prototype ? shared : null
}

function wrapPrototype(proto: object): { inner: Methods; wrappers: Methods } {
  const target = proto as Record<Method, Fn>
  const inner = pick(target)
  const wrappers = Object.fromEntries(METHODS.map((m) => [m, wrapper(m, inner[m])])) as Methods
  for (const method of METHODS) Object.defineProperty(proto, method, { value: wrappers[method], writable: true, configurable: true, enumerable: false })
  return { inner, wrappers }
}

function wrapOwnMethods(res: ServerResponse): Methods {
  const target = res as unknown as Record<Method, Fn>
  const inner = pick(target)
  for (const method of METHODS) target[method] = wrapper(method, inner[method])
  return inner
}

function pick(target: Record<Method, Fn>): Methods {
  return { writeHead: target.writeHead, write: target.write, end: target.end, flushHeaders: target.flushHeaders }
}

function wrapper(method: Method, passThrough: Fn): Fn {
  return function held(this: HeldResponse, ...args) {
    const hold = this[HOLD]
    if (hold === undefined || hold.state === RELEASED) return passThrough.apply(this, args)
    return enqueue(this, hold, method, args)
  }
}

function enqueue(res: ServerResponse, hold: Hold, method: Method, args: unknown[]): unknown {
  ;(hold.queue ??= []).push({ method, args: method === 'writeHead' ? absorbHeaders(res, args) : args })
  if (hold.state === OPEN) startCommit(res, hold)
  return method === 'write' ? false : method === 'flushHeaders' ? undefined : res
}

function startCommit(res: ServerResponse, hold: Hold): void {
  hold.state = COMMITTING
  commitAll(res, hold.commits)
    .then((failure) => {
      if (!failure) return release(res, hold)
      hold.state = RELEASED // whatever answers the error goes straight out; the queue is kept for `releaseHeld`
      failure.handler.failed(res, failure.context, failure.error)
    })
    .catch((error: unknown) => res.destroy(error as Error)) // a replay that throws must not crash the process
}

/** Runs every commit in order; the first that rejects stops the rest and is returned. */
async function commitAll(res: ServerResponse, commits: readonly Commit[]): Promise<(Commit & { error: unknown }) | null> {
  for (const commit of commits) {
    try {
      await commit.handler.commit(res, commit.context)
    } catch (error) {
      return { ...commit, error }
    }
  }
  return null
}

function release(res: ServerResponse, hold: Hold): void {
  hold.state = RELEASED
  const queue = hold.queue
  if (queue === null) return
  hold.queue = null
  let wrote = false
  let writable = true
  for (const { method, args } of queue) {
    const result = hold.inner[method].apply(res, args)
    if (method === 'write') [wrote, writable] = [true, result as boolean]
  }
  if (wrote && writable) res.emit('drain')
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
