import { SessionConfigError, scoped } from './errors.js'

/** The session cookie's name and attributes. */
export interface CookieOptions {
  /**
   * Cookie name. @default '__Host-sid' when secure with no domain and path '/',
   * '__Secure-sid' when secure otherwise, else 'sid'
   */
  name?: string
  /** @default '/' */
  path?: string
  /** Send the cookie to this domain and its subdomains. @default undefined (this host only) */
  domain?: string
  /** Send only over HTTPS (browsers treat http://localhost as secure). @default true */
  secure?: boolean
  /** Hide the cookie from client-side JavaScript. @default true */
  httpOnly?: boolean
  /** @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none'
  /** CHIPS partitioned cookie; requires `secure`. @default false */
  partitioned?: boolean
  /** @default undefined (browser default, medium) */
  priority?: 'low' | 'medium' | 'high'
}

/** Resolved cookie settings, ready for `stringifySetCookie`. */
export interface CookieAttributes {
  name: string
  path: string
  domain: string | undefined
  secure: boolean
  httpOnly: boolean
  sameSite: 'lax' | 'strict' | 'none'
  partitioned: boolean
  priority: 'low' | 'medium' | 'high' | undefined
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/ // RFC 6265 cookie-name (RFC 7230 token)
const PATH = /^\/[\u0020-\u003A\u003C-\u007E]*$/ // any CHAR but CTLs and ';', starting with '/'
const DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

function fail(message: string): never {
  throw new SessionConfigError(scoped(undefined, message))
}

function pick<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T | undefined): T | undefined {
  if (value === undefined) return fallback
  if (!allowed.includes(value as T)) fail(`\`cookie.${name}\` must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${String(value)}).`)
  return value as T
}

function defaultName(secure: boolean, domain: string | undefined, path: string): string {
  if (secure && !domain && path === '/') return '__Host-sid'
  return secure ? '__Secure-sid' : 'sid'
}

function checkPrefixRules(c: CookieAttributes): void {
  if (c.name.startsWith('__Host-') && (!c.secure || c.domain !== undefined || c.path !== '/'))
    fail(`A \`__Host-\` cookie must be secure, have no domain and path '/' (browsers drop it otherwise); change those or rename the cookie.`)
  if (c.name.startsWith('__Secure-') && !c.secure) fail('A `__Secure-` cookie must be secure (browsers drop it otherwise); set `cookie.secure: true` or rename the cookie.')
  if (c.sameSite === 'none' && !c.secure) fail("`cookie.sameSite: 'none'` requires `cookie.secure: true`: browsers reject it otherwise.")
  if (c.partitioned && !c.secure) fail('`cookie.partitioned` requires `cookie.secure: true`.')
}

/** Checks the cookie settings so that no cookie we send is one a browser would silently drop. */
export function resolveCookie(options: CookieOptions = {}): CookieAttributes {
  const path = options.path ?? '/'
  if (typeof path !== 'string' || !PATH.test(path)) fail("`cookie.path` must start with '/' and contain no ';' or control characters.")
  const domain = options.domain
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain)))
    fail('`cookie.domain` must be a host name such as example.com, with no scheme, port or path.')
  const secure = options.secure ?? true
  const name = options.name ?? defaultName(secure, domain, path)
  if (typeof name !== 'string' || !TOKEN.test(name))
    fail('`cookie.name` may hold only letters, digits and !#$%&\'*+-.^_`|~ (no spaces, separators or control characters).')
  const cookie: CookieAttributes = {
    name,
    path,
    domain,
    secure,
    httpOnly: options.httpOnly ?? true,
    sameSite: pick('sameSite', options.sameSite, ['lax', 'strict', 'none'] as const, 'lax')!,
    partitioned: options.partitioned ?? false,
    priority: pick('priority', options.priority, ['low', 'medium', 'high'] as const, undefined),
  }
  checkPrefixRules(cookie)
  return cookie
}
