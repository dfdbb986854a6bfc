import { sessions } from '../../../lib/session.js'

export const GET = sessions.route(async (_request, session) => Response.json({ user: session.get('user') ?? null, flashes: session.flashes() }))
