import type { Client } from 'memjs'

/**
 * The few memcached binary-protocol requests the store needs that memjs 1.3 has no helper for:
 * a GET that returns the item's CAS token and a SET that carries one (compare-and-set). They go
 * through memjs's own `perform`, so server selection, timeouts, retries and reconnects stay memjs's.
 */

const OPCODE = { get: 0x00, set: 0x01, add: 0x02, delete: 0x04 } as const
const STATUS = { ok: 0x00, notFound: 0x01, exists: 0x02 } as const

/** Longest relative expiration memcached accepts; above it a value is read as a Unix time. */
export const MAX_RELATIVE_EXPIRATION = 30 * 24 * 3600
/** memcached's key length limit, in bytes. */
export const MAX_KEY_BYTES = 250

/** An opaque CAS token (8 bytes) as the server returned it. */
export type Cas = Buffer

/** What a conditional write found: written, key held (add) or changed (CAS), or key absent. */
export type StoreOutcome = 'stored' | 'exists' | 'not-found'

interface Response {
  header: { status: number; cas: Buffer }
  val: Buffer
}

/**
 * The expiration field memcached expects for an item dead at `expiresAt` (epoch ms): relative
 * seconds up to 30 days, an absolute Unix time beyond (memcached's rule), rounded up and never 0,
 * which would mean "never expire".
 */
export function expiration(expiresAt: number, now: number): number {
  const seconds = Math.max(1, Math.ceil((expiresAt - now) / 1000))
  return seconds > MAX_RELATIVE_EXPIRATION ? Math.ceil(expiresAt / 1000) : seconds
}

/** GET returning the value and its CAS token, or null for a missing key. */
export async function getWithCas(client: Client, key: string): Promise<{ value: Buffer; cas: Cas } | null> {
  const response = await perform(client, OPCODE.get, key, { retries: undefined })
  if (response.header.status === STATUS.notFound) return null
  expectOk(response, 'GET')
  return { value: response.val, cas: Buffer.from(response.header.cas) }
}

/**
 * ADD (only if absent) or SET; with `cas`, a SET that only stores if the item is unchanged since
 * the GET that returned `cas`. Sent once, never retried: a blind resend of a write that did land
 * would report a conflict with itself.
 */
export async function store(
  client: Client,
  key: string,
  value: Buffer,
  expiresIn: number,
  mode: { add: true } | { cas: Cas },
): Promise<StoreOutcome> {
  const extras = Buffer.alloc(8) // 4 bytes flags (0), 4 bytes expiration
  extras.writeUInt32BE(expiresIn, 4)
  const opcode = 'add' in mode ? OPCODE.add : OPCODE.set
  const response = await perform(client, opcode, key, { extras, value, cas: 'cas' in mode ? mode.cas : undefined, retries: 1 })
  const { status } = response.header
  if (status === STATUS.ok) return 'stored'
  if (status === STATUS.exists) return 'exists'
  if (status === STATUS.notFound) return 'not-found'
  expectOk(response, 'add' in mode ? 'ADD' : 'SET')
  return 'stored'
}

/** DELETE; a missing key is not an error. */
export async function remove(client: Client, key: string): Promise<void> {
  const response = await perform(client, OPCODE.delete, key, { retries: undefined })
  if (response.header.status !== STATUS.notFound) expectOk(response, 'DELETE')
}

function perform(
  client: Client,
  opcode: number,
  key: string,
  body: { extras?: Buffer; value?: Buffer; cas?: Cas | undefined; retries: number | undefined },
): Promise<Response> {
  const keyBytes = Buffer.from(key)
  if (keyBytes.length > MAX_KEY_BYTES) {
    return Promise.reject(new Error(`the key is ${keyBytes.length} bytes, over memcached's ${MAX_KEY_BYTES}-byte limit (use a shorter keyPrefix)`))
  }
  client.incrSeq()
  const seq = client.seq
  const request = requestBuffer(opcode, keyBytes, body.extras ?? Buffer.alloc(0), body.value ?? Buffer.alloc(0), seq, body.cas)
  return new Promise((resolve, reject) => {
    client.perform(key, request, seq, (error: Error | null, response: Response) => (error ? reject(error) : resolve(response)), body.retries)
  })
}

// A 24-byte binary-protocol request header followed by extras, key and value.
function requestBuffer(opcode: number, key: Buffer, extras: Buffer, value: Buffer, opaque: number, cas?: Cas): Buffer {
  const buffer = Buffer.alloc(24 + extras.length + key.length + value.length)
  buffer.writeUInt8(0x80, 0) // request magic
  buffer.writeUInt8(opcode, 1)
  buffer.writeUInt16BE(key.length, 2)
  buffer.writeUInt8(extras.length, 4)
  buffer.writeUInt32BE(extras.length + key.length + value.length, 8)
  buffer.writeUInt32BE(opaque >>> 0, 12)
  cas?.copy(buffer, 16)
  extras.copy(buffer, 24)
  key.copy(buffer, 24 + extras.length)
  value.copy(buffer, 24 + extras.length + key.length)
  return buffer
}

function expectOk(response: Response, command: string): void {
  const { status } = response.header
  if (status !== STATUS.ok) throw new Error(`memcached ${command} answered status 0x${status.toString(16)}`)
}
