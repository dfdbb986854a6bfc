import { sessions } from '../../../lib/session.js'

export async function GET() {
  const session = await sessions.getSession()
  return new Response(String(session.get('count') ?? 'none'))
}
