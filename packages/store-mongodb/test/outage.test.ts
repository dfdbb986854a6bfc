import { SessionStoreError } from '@sess/core'
import { makeEntry, uniqueKey } from '@sess/store-tests'
import { afterAll, describe, expect, it } from 'vitest'
import { MongoStore } from '../src/index.js'
import { startJongodb, startSilentServer } from './server.js'

const HOUR = 3_600_000
const FAST_FAILURE = { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000, socketTimeoutMS: 2000 }
const cleanup: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const step of cleanup.reverse()) await step()
})

async function rejectsWithin<T>(promise: Promise<T>, ms: number): Promise<unknown> {
  const started = Date.now()
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  )
  expect(Date.now() - started).toBeLessThan(ms)
  return error
}

describe('MongoStore when the server goes away', () => {
  it('rejects within the timeouts while the server is down and works again once it is back', async () => {
    const server = await startJongodb()
    const store = new MongoStore({ url: server.url, clientOptions: FAST_FAILURE })
    cleanup.push(() => store.close(), () => server.stop())
    const key = uniqueKey()
    expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: 'before' }), { mode: 'create' })).toBe('ok')

    await server.stop()
    expect(await rejectsWithin(store.get(key), 5000)).toBeInstanceOf(SessionStoreError)
    const failedWrite = await rejectsWithin(store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' }), 5000)
    expect(failedWrite).toBeInstanceOf(SessionStoreError)
    expect((failedWrite as Error).message).toMatch(/^\[sess\] \[mongodb\] Store set failed: .+ Check that the session store is reachable\.$/)

    await server.restart()
    expect(await store.get(key)).toBeNull() // jongodb keeps nothing across a restart
    expect(await store.set(key, makeEntry(Date.now(), HOUR, { data: 'after' }), { mode: 'create' })).toBe('ok')
    expect((await store.get(key))?.data).toBe('after')
  })

  it('rejects within the timeouts when the server accepts connections but never answers', async () => {
    const silent = await startSilentServer()
    const store = new MongoStore({ url: silent.url, clientOptions: FAST_FAILURE })
    cleanup.push(() => store.close(), () => silent.stop())
    expect(await rejectsWithin(store.get(uniqueKey()), 5000)).toBeInstanceOf(SessionStoreError)
    expect(await rejectsWithin(store.set(uniqueKey(), makeEntry(Date.now(), HOUR), { mode: 'create' }), 5000)).toBeInstanceOf(SessionStoreError)
  })
})
