/**
 * Headers every response that reads or writes a session carries, so no shared cache hands one
 * user's session to another: `Vary: Cookie` always, `Cache-Control: private` when a cookie is set
 * and the app chose no caching policy of its own.
 */
export function applySessionHeaders(headers: Headers, setCookies: readonly string[]): void {
  const vary = headers.get('vary')
  const merged = varyWithCookie(vary)
  if (merged !== vary) headers.set('vary', merged)
  for (const cookie of setCookies) headers.append('set-cookie', cookie)
  if (setCookies.length > 0 && !headers.has('cache-control')) headers.set('cache-control', 'private')
}

/** `Vary` with `Cookie` added unless already there (or `*`). */
export function varyWithCookie(vary: string | null | undefined): string {
  if (!vary) return 'Cookie'
  const parts = vary.split(',').map((p) => p.trim().toLowerCase())
  return parts.includes('cookie') || parts.includes('*') ? vary : `${vary}, Cookie`
}

/** The response with the session headers; a response with immutable headers is copied first. */
export function withSessionHeaders(response: Response, setCookies: readonly string[]): Response {
  try {
    applySessionHeaders(response.headers, setCookies)
    return response
  } catch {
    // A fresh Headers: some Response implementations (@hono/node-server) keep the original's immutable guard on a copy.
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) })
    applySessionHeaders(copy.headers, setCookies)
    return copy
  }
}
