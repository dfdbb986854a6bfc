import { type Session, type SessionData, SessionError, type SessionManager } from '@sess/core'
import { cookies } from 'next/headers'
import { parseSetCookie } from 'cookie'

type CookieJar = Awaited<ReturnType<typeof cookies>>

/**
 * The session of the current App Router request, read through `cookies()` from `next/headers`.
 * Server Components read it; Route Handlers and Server Actions change it and then
 * `await session.save()`, which persists it and sets the cookie through `cookies()`.
 */
export async function getAppSession<Data extends object = SessionData>(manager: SessionManager<Data>): Promise<Session<Data>> {
  const jar = await cookies()
  const name = manager.options.cookie.name
  // Built from the jar rather than the raw header, so a cookie an earlier save() set in this
  // Server Action or Route Handler is the one read.
  const header = jar.getAll(name).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
  const session = await manager.load(header)
  Object.defineProperty(session, 'save', { value: () => saveToJar(manager, session, jar), enumerable: false })
  return session
}

async function saveToJar<Data extends object>(manager: SessionManager<Data>, session: Session<Data>, jar: CookieJar): Promise<void> {
  const setCookies = await manager.commit(session)
  try {
    for (const line of setCookies) {
      const { value = '', ...attributes } = parseSetCookie(line) // session values are base64url and dots: nothing to decode
      jar.set({ ...attributes, value })
    }
  } catch (error) {
    throw new SessionError(
      '[sess] [next] session.save() stored the session but could not set its cookie: Next.js lets only Server Actions, ' +
        'Route Handlers and middleware set cookies. Read the session in Server Components; change it in a Server Action or Route Handler.',
      { cause: error },
    )
  }
}
