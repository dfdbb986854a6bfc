/**
 * A map that keeps at most `max` entries. Used to remember the results of pure, costly functions
 * of a cookie value (a MAC check, a decryption, a hash), so a client that sends the same cookie
 * again costs no crypto. Only what the full check produced is ever stored, keyed by the exact
 * input, so a hit returns what the check would.
 *
 * Two generations instead of a strict LRU list, so a hit costs one lookup: new entries go to the
 * young map; when it holds `max / 2`, it becomes the old map and the previous old map is dropped.
 * A hit in the old map moves the entry back to the young one, so what is in use stays.
 */
export interface BoundedCache<K, V> {
  get(key: K): V | undefined
  set(key: K, value: V): void
  readonly size: number
}

export function boundedCache<K, V>(max: number): BoundedCache<K, V> {
  const half = Math.max(1, Math.floor(max / 2))
  let young = new Map<K, V>()
  let old = new Map<K, V>()
  const add = (key: K, value: V) => {
    if (young.size >= half) {
      old = young
      young = new Map()
    }
    young.set(key, value)
  }
  return {
    get(key) {
      const value = young.get(key)
      if (value !== undefined) return value
      const aging = old.get(key)
      if (aging !== undefined) {
        old.delete(key)
        add(key, aging)
      }
      return aging
    },
    set(key, value) {
      if (young.has(key)) young.set(key, value)
      else {
        old.delete(key)
        add(key, value)
      }
    },
    get size() {
      return young.size + old.size
    },
  }
}
