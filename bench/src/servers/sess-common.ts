import { CookieStore, createSessionManager, MemoryStore, type Session, type SessionManager } from '@sess/core'
import { RedisStore } from '@sess/store-redis'
import { Redis } from 'ioredis'
import { MAX_AGE_S, redisUrl, SECRET, storeKindFromArgs } from './common.ts'

/** The @sess manager for argv[3]'s store, with the settings every contender shares (not rolling). */
export function sessManager(): SessionManager {
  const kind = storeKindFromArgs()
  const store =
    kind === 'memory'
      ? new MemoryStore()
      : kind === 'cookie'
        ? new CookieStore()
        : new RedisStore({ client: new Redis(redisUrl(), { commandTimeout: 2_000}) })
  return createSessionManager({ secret: SECRET, store, lifetime: MAX_AGE_S, rolling: false })
}

export function hit(session: Session): string {
  const n = (session.get('n', 0) as number) + 1
  session.set('n', n)
  return String(n)
}

export function read(session: Session): string {
  return String(session.get('n', 0))
}
