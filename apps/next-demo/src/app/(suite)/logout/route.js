import { sessions } from '../../../lib/session.js'

export const POST = sessions.route(async (_request, session) => {
  await session.destroy()
  return new Response('bye')
})
