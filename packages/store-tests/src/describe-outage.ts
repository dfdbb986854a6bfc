import { SessionStoreError, type SessionStore } from '@sess/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEntry, uniqueKey } from './entries.js'
import { startHungServer } from './tcp.js'
import { type ThrowawayServer, waitFor } from './throwaway-server.js'

/** A store on a backend the test may take away, as `describeOutage` needs it. */
export interface OutageBackend<S extends SessionStore = SessionStore> {
  /** The store under test, on the backend `stop` and `restart` act on. */
  readonly store: S
  /** Takes the backend away: connections are refused (stop the process, or a proxy in front of it). */
  stop(): Promise<void>
  /** Brings it back at the same address. The store must reconnect by itself. */
  restart(): Promise<void>
  /**
   * A backend that accepts connections and never answers, and a store on it: the store under test
   * (a frozen process, a proxy that holds connections) or one made for the purpose. `release`
   * ends the hang and closes what `hang` made.
   */
  hang(): Promise<{ store: SessionStore; release(): Promise<void> }>
  /** Closes the store and stops what was started. */
  close(): Promise<void>
}

export interface DescribeOutageOptions<S extends SessionStore = SessionStore> {
  /** Starts the backend and the store, once for the suite. */
  start(): Promise<OutageBackend<S>>
  /** Each failing call must reject within this many milliseconds (the store's timeouts plus slack). */
  boundMs: number
  /** Whether sessions written before `stop` are there after `restart`: true for a database, false for a cache process that keeps nothing. */
  keepsData: boolean
}

/** Where a store connects: a throwaway server, or a hung one. */
export type Endpoint = Pick<ThrowawayServer, 'host' | 'port' | 'address'>

const HOUR = 3_600_000

/**
 * The {@link OutageBackend} of a store on a throwaway server process: `stop` and `restart` act on
 * the process, `hang` makes a second store with `createStore` on a {@link startHungServer}.
 * `close` closes the store and stops the server.
 */
export function throwawayBackend<S extends SessionStore>(server: ThrowawayServer, createStore: (endpoint: Endpoint) => S): OutageBackend<S> {
  const store = createStore(server)
  return {
    store,
    stop: server.stop,
    restart: server.restart,
    async hang() {
      const hung = await startHungServer()
      const onHung = createStore(hung)
      return { store: onHung, release: async () => void (await Promise.all([onHung.close?.(), hung.stop()])) }
    },
    async close() {
      await store.close?.()
      await server.stop()
    },
  }
}

/** Expects `promise` to reject with the store's SessionStoreError for `operation` within `boundMs`. */
async function expectStoreError(store: SessionStore, operation: string, promise: Promise<unknown>, boundMs: number): Promise<void> {
  const started = performance.now()
  const error = await promise.then(
    () => new Error(`${operation} resolved`),
    (e: unknown) => e,
  )
  const ms = performance.now() - started
  expect(error).toBeInstanceOf(SessionStoreError)
  const scope = store.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  expect((error as Error).message).toMatch(new RegExp(`^\\[sess\\] \\[${scope}\\] Store ${operation} failed: [\\s\\S]+ Check that the session store is reachable\\.$`))
  expect(ms, `${operation} took ${Math.round(ms)} ms`).toBeLessThan(boundMs)
}

const answers = (store: SessionStore) => () => store.get(uniqueKey()).then(
  () => true,
  () => false,
)

/**
 * Fault tests for a store on a real backend: while the backend is down, and while it accepts
 * connections and never answers, every call rejects with `SessionStoreError` within
 * `boundMs`; once it is back, the same store instance works again without a restart of the app.
 *
 * @example
 * describeOutage('memcached', { boundMs: 3000, keepsData: false, start: async () => { ... } })
 */
export function describeOutage<S extends SessionStore>(name: string, options: DescribeOutageOptions<S>): void {
  const { boundMs } = options
  const timeout = 4 * boundMs + 15_000

  describe(`store outage: ${name}`, () => {
    let backend: OutageBackend<S>
    beforeAll(async () => {
      backend = await options.start()
    })
    afterAll(async () => {
      await backend?.close()
    })

    it(`rejects with SessionStoreError within ${boundMs} ms while the backend is down, and the same store works again once it is back`, async () => {
      const { store } = backend
      const key = uniqueKey()
      expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: 'before' }), { mode: 'create' })).toBe('ok')

      await backend.stop()
      await expectStoreError(store, 'get', store.get(key), boundMs)
      await expectStoreError(store, 'set', store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' }), boundMs)
      if (store.touch) await expectStoreError(store, 'touch', store.touch(key, Date.now() + HOUR), boundMs)

      await backend.restart()
      await waitFor('the store to answer again', answers(store), { timeoutMs: 10_000, intervalMs: 100 })
      if (options.keepsData) {
        expect((await store.get(key))?.data).toBe('before')
        expect(await store.set(key, makeEntry(Date.now(), HOUR, { version: 2, data: 'after' }), { mode: 'update', version: 1 })).toBe('ok')
      } else {
        expect(await store.get(key)).toBeNull()
        expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: 'after' }), { mode: 'create' })).toBe('ok')
      }
      expect((await store.get(key))?.data).toBe('after')
    }, timeout)

    it(`rejects with SessionStoreError within ${boundMs} ms while the backend accepts connections and never answers`, async () => {
      const hung = await backend.hang()
      try {
        await expectStoreError(hung.store, 'get', hung.store.get(uniqueKey()), boundMs)
        // A timed-out write has an unknown outcome (the backend may run it when it wakes up): a fresh key.
        await expectStoreError(hung.store, 'set', hung.store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' }), boundMs)
      } finally {
        await hung.release()
      }
      await waitFor('the store to answer again', answers(backend.store), { timeoutMs: 10_000, intervalMs: 100 })
    }, timeout)
  })
}
