/**
 * The routes every binding's test server wires, in its own framework's code (about 30 lines).
 * The suite drives them over real HTTP; nothing else about the app is assumed.
 *
 * | Route                | What it does                                                                  |
 * | -------------------- | ----------------------------------------------------------------------------- |
 * | `GET  /count`        | `count` = `get('count', 0) + 1`; body: the new count as text                   |
 * | `GET  /peek`         | body: `String(get('count'))`, or `none` when unset; writes nothing            |
 * | `POST /login?name=X` | `await regenerate()`; `set('user', X)`; `flash('welcome X')`; 303 to `/me`     |
 * | `GET  /me`           | JSON `{ user: get('user') ?? null, flashes: flashes() }`                       |
 * | `POST /logout`       | `await destroy()`; body `bye`                                                  |
 * | `GET  /browser`      | `permanent = false`; `set('b', 1)`; body `ok`                                  |
 *
 * Bodies are `text/plain` (any charset) except `/me`, which is JSON. `/login` redirects with
 * status 303 and `Location: /me` (Express: `res.redirect(303, '/me')`), and the redirect response
 * itself must carry the new session cookie.
 */
export const ROUTES = {
  count: '/count',
  peek: '/peek',
  login: '/login',
  me: '/me',
  logout: '/logout',
  browser: '/browser',
} as const

/** The body of `GET /me`. */
export interface MeBody {
  user: string | null
  flashes: string[]
}

/** Session data the routes use, for typing a test server's session. */
export interface RouteSessionData {
  count: number
  user: string
  b: number
}
