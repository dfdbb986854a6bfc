import { sessions } from '../../lib/session.js'

export default async function SessionPage() {
  const session = await sessions.getSession()
  const expiresAt = session.expiresAt
  return (
    <main>
      <h1>Your session</h1>
      <dl>
        <dt>New (no valid cookie came with this request)</dt>
        <dd id="is-new">{String(session.isNew)}</dd>
        <dt>Expires</dt>
        <dd id="expires">{expiresAt ? expiresAt.toISOString() : 'when the browser closes'}</dd>
        <dt>Seconds left</dt>
        <dd id="expiry-age">{session.expiryAge}</dd>
        <dt>Keys</dt>
        <dd id="keys">{session.keys().join(', ') || '(empty)'}</dd>
      </dl>
    </main>
  )
}
