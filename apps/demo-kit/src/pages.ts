import { MAX_NAME_LENGTH } from './form.js'

/** What the home page shows. */
export interface HomeView {
  /** Framework name for the heading, e.g. 'Express'. */
  framework: string
  /** Visits in this session, this one included. */
  visits: number
  /** The signed-in name, if any. */
  user?: string | undefined
  /** Flash messages popped for this request. */
  flashes: readonly unknown[]
  /** Where sessions live, for the footer (no passwords: see `storeLabel`). */
  store?: string | undefined
}

/** What the expiry page shows: the session's `expiresAt`, `expiryAge` and `permanent`. */
export interface ExpiryView {
  framework: string
  expiresAt: Date | null
  /** Seconds until the session ends. */
  expiryAge: number
  permanent: boolean
  store?: string | undefined
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)
}

/** The home page: visit counter, flashes, sign-in form or the signed-in name with a sign-out button. */
export function homePage(view: HomeView): string {
  const flashes = view.flashes.map((message) => `<p class="flash" role="status">${escapeHtml(message)}</p>`).join('\n')
  const account = view.user
    ? `<p>Signed in as <strong id="user">${escapeHtml(view.user)}</strong>.</p>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`
    : `<form method="post" action="/login">
  <label>Name <input name="name" required maxlength="${MAX_NAME_LENGTH}" autocomplete="username"></label>
  <button type="submit">Sign in</button>
</form>`
  return layout(view.framework, 'Home', `${flashes}
<p>Visits in this session: <strong id="visits">${view.visits}</strong></p>
${account}
<p><a href="/expiry">When does this session expire?</a></p>`, view.store)
}

/** The expiry page: when the session ends, in how long, and whether the cookie outlives the browser. */
export function expiryPage(view: ExpiryView): string {
  const ends = view.expiresAt ? `<time datetime="${view.expiresAt.toISOString()}">${view.expiresAt.toUTCString()}</time>` : 'when the browser closes'
  return layout(view.framework, 'Session expiry', `<dl>
  <dt>Expires</dt><dd id="expires-at">${ends}</dd>
  <dt>Time left</dt><dd id="expiry-age">${formatDuration(view.expiryAge)} (${view.expiryAge} s)</dd>
  <dt>Permanent</dt><dd id="permanent">${view.permanent ? 'yes: the cookie has a Max-Age and survives a browser restart' : 'no: a browser-session cookie'}</dd>
</dl>
<p>Every visit moves the expiry forward (rolling sessions).</p>
<p><a href="/">Back</a></p>`, view.store)
}

/** `1209600` -> `14 d 0 h 0 min`. */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  return days > 0 ? `${days} d ${hours} h ${minutes} min` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${seconds % 60} s`
}

function layout(framework: string, title: string, body: string, store: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · @sess ${escapeHtml(framework)} demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  .flash { background: #e8f4e8; border: 1px solid #9c9; padding: .5rem .75rem; border-radius: 4px; }
  dt { font-weight: 600; } dd { margin: 0 0 .5rem; }
  footer { margin-top: 2rem; color: #777; font-size: .85rem; }
</style>
</head>
<body>
<h1>@sess ${escapeHtml(framework)} demo</h1>
<h2>${escapeHtml(title)}</h2>
${body}
<footer>Session store: ${escapeHtml(store ?? 'cookie (default)')}</footer>
</body>
</html>
`
}
