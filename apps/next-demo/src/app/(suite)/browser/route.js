import { sessions } from '../../../lib/session.js'

export const GET = sessions.route(async (_request, session) => {
  session.permanent = false
  session.set('b', 1)
  return new Response('ok')
})
