import { EXPIRES_OFFSET, HEADER_MAX_BYTES } from './entry-codec.js'

/**
 * Lua scripts, each touching ONE key so they run unchanged on Redis Cluster. They read only the
 * entry's header (GETRANGE), never the data, and decide liveness with the store's clock (ARGV),
 * not Redis's, so an entry is dead exactly when `now()` says so.
 */

const HEAD = `local head = redis.call('GETRANGE', KEYS[1], 0, ${HEADER_MAX_BYTES - 1})`
const NOT_OURS = "return redis.error_reply('ERR [sess] the value at this key is not a session entry')"

/**
 * Conditional write. KEYS: entry key. ARGV: now (ms), expected version ('' = create), value, ttl (ms).
 * Returns 'ok' | 'exists' | 'conflict' | 'missing', the contract's WriteResult.
 */
export const WRITE_SCRIPT = `${HEAD}
local live = false
local version
if head ~= '' then
  local expires
  expires, version = string.match(head, '^s1:(%d+):(%d+):')
  if not expires then ${NOT_OURS} end
  live = tonumber(expires) > tonumber(ARGV[1])
end
if ARGV[2] == '' then
  if live then return 'exists' end
else
  if not live then return 'missing' end
  if version ~= ARGV[2] then return 'conflict' end
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 'ok'`

/**
 * Moves a live entry's expiry: the header's fixed-width field (SETRANGE) and the key's TTL
 * (PEXPIRE). KEYS: entry key. ARGV: now (ms), new expiry (15 digits), ttl (ms).
 * Returns 0 when there is no live entry, 1 when it has no user, else its user id.
 */
export const TOUCH_SCRIPT = `${HEAD}
local _, headerEnd, expires, userLength = string.find(head, '^s1:(%d+):%d+:%d+:([%d%-]+):')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return 0 end
redis.call('SETRANGE', KEYS[1], ${EXPIRES_OFFSET}, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if userLength == '-' then return 1 end
return redis.call('GETRANGE', KEYS[1], headerEnd, headerEnd + tonumber(userLength) - 1)`

/**
 * Adds a session key to a user's index set and makes the set live at least as long as it.
 * KEYS: index key. ARGV: session key, ttl (ms).
 */
export const INDEX_SCRIPT = `redis.call('SADD', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`
