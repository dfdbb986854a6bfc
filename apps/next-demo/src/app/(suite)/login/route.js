import { sessions } from '../../../lib/session.js'

export const POST = sessions.route(async (request, session) => {
  const name = new URL(request.url).searchParams.get('name') ?? 'anonymous'
  await session.regenerate()
  session.set('user', name)
  session.flash(`welcome ${name}`)
  return new Response(null, { status: 303, headers: { location: '/me' } })
})
