/** Every server the harness runs: `servers/<script>.ts PORT [store]`. */
export interface Contender {
  /** Row label. */
  name: string
  framework: 'express' | 'hono' | 'koa'
  script: string
  args?: string[]
  /** No session: the framework's ceiling. */
  ceiling?: boolean
  /** Talks to Redis: count its commands per request. */
  redis?: boolean
  /** Ours. */
  sess?: boolean
}

const sess = (framework: Contender['framework'], store: 'memory' | 'cookie' | 'redis'): Contender => ({
  name: `@sess ${framework} + ${store}`,
  framework,
  script: `sess-${framework}`,
  args: [store],
  redis: store === 'redis',
  sess: true,
})

export const CONTENDERS: Contender[] = [
  { name: 'express (no session)', framework: 'express', script: 'express-bare', ceiling: true },
  { name: 'hono (no session)', framework: 'hono', script: 'hono-bare', ceiling: true },
  { name: 'koa (no session)', framework: 'koa', script: 'koa-bare', ceiling: true },
  { name: 'express-session + MemoryStore', framework: 'express', script: 'express-session-memory' },
  { name: 'express-session + connect-redis', framework: 'express', script: 'express-session-redis', redis: true },
  { name: 'iron-session (express)', framework: 'express', script: 'iron-session' },
  { name: 'cookie-session (express)', framework: 'express', script: 'cookie-session' },
  { name: 'hono-sessions (cookie)', framework: 'hono', script: 'hono-sessions' },
  { name: '@hono/session (JWE cookie)', framework: 'hono', script: 'hono-session' },
  { name: 'koa-session (cookie)', framework: 'koa', script: 'koa-session' },
  sess('express', 'memory'),
  sess('express', 'cookie'),
  sess('express', 'redis'),
  sess('hono', 'memory'),
  sess('hono', 'cookie'),
  sess('hono', 'redis'),
  sess('koa', 'memory'),
  sess('koa', 'cookie'),
  sess('koa', 'redis'),
]

/** The targets: ratio to the framework's ceiling on /read and /hit. */
export const TARGETS: Record<string, { read: number; hit: number; redisRead?: number; redisHit?: number }> = {
  '@sess express + memory': { read: 0.9, hit: 0.8 },
  '@sess express + redis': { read: 0.75, hit: 0.65, redisRead: 1, redisHit: 2 },
  '@sess hono + cookie': { read: 0.5, hit: 0.3 },
  '@sess koa + cookie': { read: 0.6, hit: 0.45 },
}
