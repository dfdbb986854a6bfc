// Pages Router: getServerSideProps with the session (it can write: the commit runs before render).
import { withSession } from '../lib/pages-session.js'

export const getServerSideProps = withSession(async ({ req }) => {
  const views = (req.session.get('legacyViews') ?? 0) + 1
  req.session.set('legacyViews', views)
  return { props: { user: req.session.get('user') ?? null, views } }
})

export default function Legacy({ user, views }) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto' }}>
      <h1>Pages Router</h1>
      <p>
        User: <strong id="user">{user ?? 'nobody'}</strong>
      </p>
      <p>
        Views of this page: <strong id="views">{views}</strong>
      </p>
      <a href="/">Home</a>
    </main>
  )
}
