import type { IncomingMessage } from 'node:http'

/** Longest name the sign-in form accepts, in characters. */
export const MAX_NAME_LENGTH = 40

/** The sign-in name from a form field: trimmed, at most `MAX_NAME_LENGTH` characters, or undefined when empty. */
export function readName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const name = value.trim().slice(0, MAX_NAME_LENGTH)
  return name === '' ? undefined : name
}

/** Reads an `application/x-www-form-urlencoded` body of at most `limit` bytes (for frameworks with no body parser). */
export async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  let body = ''
  req.setEncoding('utf8') // multi-byte characters split across chunks stay whole
  for await (const chunk of req) {
    body += chunk as string
    if (body.length > limit) throw Object.assign(new Error('Form too large'), { status: 413, expose: true })
  }
  return new URLSearchParams(body)
}
