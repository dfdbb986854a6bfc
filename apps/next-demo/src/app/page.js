import { headers } from 'next/headers'
import { sessions } from '../lib/session.js'
import { signIn, signOut } from './actions.js'

export default async function Home() {
  const session = await sessions.getSession() // read only: the middleware counted this visit
  const flashes = JSON.parse(decodeURIComponent((await headers()).get('x-demo-flashes') ?? '%5B%5D'))
  const user = session.get('user')
  return (
    <main>
      <h1>@sess/next demo</h1>
      {flashes.map((message) => (
        <p key={message} className="flash" style={{ background: '#ffd', padding: '0.5rem' }}>
          {message}
        </p>
      ))}
      <p>
        Visits in this session: <strong id="visits">{session.get('visits') ?? 0}</strong>
      </p>
      {user ? (
        <form action={signOut}>
          <p>
            Signed in as <strong id="user">{user}</strong>
          </p>
          <button type="submit">Sign out</button>
        </form>
      ) : (
        <form action={signIn}>
          <label>
            Name <input name="name" required maxLength={40} />
          </label>{' '}
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  )
}
