import { sessions } from '../../../lib/session.js'

export const GET = sessions.route(async (_request, session) => {
  const count = (session.get('count') ?? 0) + 1
  session.set('count', count)
  return new Response(String(count))
})
