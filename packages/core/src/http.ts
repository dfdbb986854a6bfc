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

/** The header methods of Node's `ServerResponse` the helpers below use. */
export interface NodeHeaderTarget {
  getHeader(name: string): number | string | string[] | undefined
  setHeader(name: string, value: string | readonly string[]): unknown
  hasHeader(name: string): boolean
  appendHeader(name: string, value: string | readonly string[]): unknown
}

/** Adds `Cookie` to a Node response's `Vary`, rewriting the header only when it lacks it. */
export function varyNodeResponse(res: NodeHeaderTarget): void {
  const vary = res.getHeader('vary')
  if (vary === 'Cookie') return
  const current = Array.isArray(vary) ? vary.join(', ') : vary?.toString()
  const merged = varyWithCookie(current)
  if (merged !== current || Array.isArray(vary)) res.setHeader('Vary', merged)
}

/** `applySessionHeaders` for a Node response whose headers have not gone out yet. */
export function applyNodeSessionHeaders(res: NodeHeaderTarget, setCookies: readonly string[]): void {
  varyNodeResponse(res)
  if (setCookies.length === 0) return
  res.appendHeader('Set-Cookie', setCookies)
  if (!res.hasHeader('cache-control')) res.setHeader('Cache-Control', 'private')
}
