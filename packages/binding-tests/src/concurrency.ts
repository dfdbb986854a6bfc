import { type StoreEntry, taggedJson } from '@sess/core'
import { expect, it } from 'vitest'
import type { TestClient, TestResponse } from './client.js'
import type { MeBody } from './routes.js'
import type { HeldWrite, StoreCall } from './store-controls.js'
import type { SwitchableStore } from './switchable-store.js'

/** What the concurrency scenarios need from the suite around them. */
export interface ConcurrencyContext {
  /** The switchable store behind the server, or null when the scenarios that control it must not run. */
  store: SwitchableStore | null
  /** True with a server-side store: the cookie holds only the id, so a read may re-send it (rolling). */
  serverSide: boolean
  /** The name of the session cookie. */
  cookieName: string
  /** A new visitor with an empty cookie jar. */
  visitor(): TestClient
}

/** One scenario's requests in flight, so cleanup can wait for all of them whatever failed. */
interface Scene {
  request(client: TestClient, method: string, path: string, cookie: string | undefined): Promise<TestResponse>
}

/** A `/count` that loaded a session and waits at its held update. */
interface LateRequest {
  response: Promise<TestResponse>
  write: HeldWrite
}

/** A stored session as the default serializer wrote it: `{ d: data, m: meta }`. */
interface StoredRecord {
  d: Record<string, unknown>
  m: Record<string, unknown>
}

/**
 * The concurrent-commit scenarios (README "Concurrency"), run over HTTP with the store's test
 * controls ordering the requests: each request loads, then waits at its store write until the test
 * releases it. A response only comes back after its commit, so the test awaits it after the release.
 * Registers its cases in the `describe` it is called in.
 */
export function describeConcurrency(context: ConcurrencyContext): void {
  const { store, serverSide, cookieName, visitor } = context

  /** A case that exists only with the controlled (server-side) store; its cleanup lets every held call go. */
  function scenario(name: string, body: (scene: Scene, store: SwitchableStore) => Promise<void>): void {
    if (store === null) return // the cookie store has no server-side record to race on
    it(name, async () => {
      const inFlight: Promise<unknown>[] = []
      const scene: Scene = {
        request(client, method, path, cookie) {
          const response = client.request(method, path, cookie)
          inFlight.push(response.catch(() => {}))
          return response
        },
      }
      try {
        await body(scene, store!)
      } finally {
        store!.releaseAll()
        await Promise.all(inFlight)
      }
    })
  }

  /** A visitor whose session holds count = 1, and the Cookie header it sends. */
  async function counted(): Promise<{ client: TestClient; cookie: string }> {
    const client = visitor()
    expect((await client.get('/count')).body).toBe('1')
    const cookie = client.jar.header()
    expect(cookie).toBeDefined()
    return { client, cookie: cookie! }
  }

  for (const first of ['/count', '/browser'] as const) {
    const second = first === '/count' ? '/browser' : '/count'
    scenario(`concurrent commits, different keys: both changes survive (${first} commits first)`, async (scene, store) => {
      const { client, cookie } = await counted()
      const loaded = store.loadBarrier(2)
      store.holdWrites()
      const responses = { '/count': scene.request(client, 'GET', '/count', cookie), '/browser': scene.request(client, 'GET', '/browser', cookie) }
      await loaded
      const held = [await store.nextWrite(), await store.nextWrite()]
      const version = expectSameUpdate(held.map((write) => write.call))
      const writes = { '/count': held.find((write) => dataOf(write.call).count === 2), '/browser': held.find((write) => dataOf(write.call).b === 1) }
      expect(writes['/count'], 'the /count write holds count 2').toBeDefined()
      expect(writes['/browser'], 'the /browser write holds b 1').toBeDefined()

      expect(await writes[first]!.release()).toBe('ok')
      expect((await responses[first]).status).toBe(200)
      const mark = store.calls.length
      store.releaseWrites()
      expect(await writes[second]!.release(), `${second} loaded the version ${first} replaced`).toBe('conflict')
      expect((await responses[second]).status).toBe(200)
      expect(writesSince(store, mark), `${second} re-applies its change onto the newer record`).toMatchObject([
        { operation: 'set', condition: { mode: 'update', version: version + 1 }, result: 'ok' },
      ])
      expect((await readStored(store, held[0]!.call.key!))?.d).toMatchObject({ count: 2, b: 1 })
      expect((await client.get('/peek')).body).toBe('2')
    })
  }

  scenario('concurrent commits, same key: the later commit wins for that key, and nothing else is lost', async (scene, store) => {
    const client = visitor()
    await client.post('/login?name=alice')
    expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'alice', flashes: ['welcome alice'] } satisfies MeBody)
    expect((await client.get('/count')).body).toBe('1')
    const cookie = client.jar.header()
    const loaded = store.loadBarrier(2)
    store.holdWrites()
    const racing = [scene.request(client, 'GET', '/count', cookie), scene.request(client, 'GET', '/count', cookie)]
    await loaded
    const [early, late] = [await store.nextWrite(), await store.nextWrite()]
    const version = expectSameUpdate([early!.call, late!.call])
    const key = early!.call.key!
    expect([dataOf(early!.call).count, dataOf(late!.call).count], 'both loaded count 1').toEqual([2, 2])
    expect(await early!.release()).toBe('ok')

    // Before the late one commits, a third request moves the count on and a fourth sets another key.
    const third = scene.request(client, 'GET', '/count', cookie)
    const thirdWrite = await store.nextWrite()
    expect(dataOf(thirdWrite.call).count).toBe(3)
    expect(await thirdWrite.release()).toBe('ok')
    expect((await third).body).toBe('3')
    const fourth = scene.request(client, 'GET', '/browser', cookie)
    expect(await (await store.nextWrite()).release()).toBe('ok')
    expect((await fourth).body).toBe('ok')

    const mark = store.calls.length
    store.releaseWrites()
    expect(await late!.release()).toBe('conflict')
    expect((await Promise.all(racing)).map((res) => res.body)).toEqual(['2', '2'])
    const landed = writesSince(store, mark).filter((call) => call.result === 'ok')
    expect(landed, 'the late commit lands once, re-applied onto the fourth one').toMatchObject([{ operation: 'set', condition: { mode: 'update', version: version + 3 } }])
    const stored = await store.inner.get(key)
    expect(stored?.data, 'the store holds what the last write landed').toBe(landed[0]!.entry!.data)
    expect(stored?.version).toBe(version + 4)
    expect(parseStored(stored!).d, "count is the later commit's 2, not the earlier 3; user and b survive").toEqual({ count: 2, user: 'alice', b: 1 })
    expect((await client.get('/peek')).body).toBe('2')
    expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'alice', flashes: [] } satisfies MeBody)
  })

  scenario('concurrent commits: a request that loaded the session before a logout never brings it back', async (scene, store) => {
    const { client, cookie } = await counted()
    const late = await holdLateCount(scene, store, client, cookie)
    const key = late.write.call.key!

    const logout = scene.request(client, 'POST', '/logout', cookie)
    const deletion = await store.nextWrite()
    expect(deletion.call).toMatchObject({ operation: 'delete', key })
    await deletion.release()
    const loggedOut = await logout
    expect([loggedOut.status, loggedOut.body]).toEqual([200, 'bye'])
    expect(loggedOut.sessionCookie?.deleted).toBe(true)

    const res = await releaseGone(store, late)
    expect(res.sessionCookie, 'the late response sends no session cookie, not even a clearing one').toBeUndefined()
    expect(client.jar.get(cookieName)).toBeUndefined()
    expect(await store.inner.get(key)).toBeNull()
    await expectEmptySession(visitor(), cookie)
  })

  scenario('concurrent commits: a request that loaded the session before a login regenerated it never brings it back', async (scene, store) => {
    const { client, cookie } = await counted()
    const late = await holdLateCount(scene, store, client, cookie)
    const oldKey = late.write.call.key!

    const login = scene.request(client, 'POST', '/login?name=frank', cookie)
    const deletion = await store.nextWrite()
    expect(deletion.call).toMatchObject({ operation: 'delete', key: oldKey })
    await deletion.release()
    const creation = await store.nextWrite()
    expect(creation.call).toMatchObject({ operation: 'set', condition: { mode: 'create' } })
    expect(await creation.release()).toBe('ok')
    const loggedIn = await login
    expect(loggedIn.status).toBe(303)
    const fresh = client.jar.get(cookieName)
    expect(loggedIn.sessionCookie?.value, 'the login sets a new cookie').toBe(fresh)
    expect(`${cookieName}=${fresh}`).not.toBe(cookie)

    const res = await releaseGone(store, late)
    expect(res.sessionCookie, 'the late response must not replace the cookie the login set').toBeUndefined()
    expect(client.jar.get(cookieName)).toBe(fresh)
    expect(await store.inner.get(oldKey)).toBeNull()
    expect((await readStored(store, creation.call.key!))?.d).toEqual({ count: 1, user: 'frank' })
    expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'frank', flashes: ['welcome frank'] } satisfies MeBody)
    expect((await client.get('/peek')).body).toBe('1')
    await expectEmptySession(visitor(), cookie)
  })

  it('never writes on a read-only request: no store write, and no new cookie', async () => {
    const client = visitor()
    await client.post('/login?name=grace')
    await client.get('/me') // shows and so removes the flash: a write
    expect((await client.get('/count')).body).toBe('1')
    const cookie = client.jar.get(cookieName)
    const mark = store?.calls.length ?? 0
    for (let i = 0; i < 3; i++) {
      for (const res of [await client.get('/peek'), await client.get('/me')]) {
        expect(res.status).toBe(200)
        // A server-side session may re-send its cookie (rolling), never another one; the cookie store would write by sending one.
        if (serverSide) expect(res.sessionCookie?.value ?? cookie, 'a read-only request re-sends the same cookie at most').toBe(cookie)
        else expect(res.sessionCookie, 'a read-only request seals no new cookie').toBeUndefined()
      }
    }
    expect((await client.get('/peek')).body).toBe('1')
    expect(JSON.parse((await client.get('/me')).body)).toEqual({ user: 'grace', flashes: [] } satisfies MeBody)
    if (!store) return
    // `touch` counts as a write: with `lifetime` 3600 and the default `touchAfter` (60 s on a clock that does not move), none is due.
    expect(writesSince(store, mark), 'read-only requests write nothing (set, delete or touch)').toEqual([])
    expect(store.calls.slice(mark).filter((call) => call.operation === 'get').length, 'every request loaded its session').toBeGreaterThanOrEqual(8)
  })

  /** Starts a `/count` that loads the session, then holds writes and waits for its update to arrive. */
  async function holdLateCount(scene: Scene, store: SwitchableStore, client: TestClient, cookie: string): Promise<LateRequest> {
    store.holdWrites()
    const response = scene.request(client, 'GET', '/count', cookie)
    const write = await store.nextWrite()
    expect(write.call).toMatchObject({ operation: 'set', condition: { mode: 'update' } })
    return { response, write }
  }

  /** Both writes are updates of one key from one loaded version; returns that version. */
  function expectSameUpdate(calls: StoreCall[]): number {
    const [a, b] = calls
    expect(a).toMatchObject({ operation: 'set', condition: { mode: 'update' } })
    expect(b).toMatchObject({ operation: 'set', key: a!.key, condition: a!.condition })
    return (a!.condition as { version: number }).version
  }

  /** The cookie a destroyed or regenerated session had reads as an empty session, and is not revived. */
  async function expectEmptySession(client: TestClient, cookie: string): Promise<void> {
    expect((await client.request('GET', '/peek', cookie)).body).toBe('none')
    const me = await client.request('GET', '/me', cookie)
    expect(JSON.parse(me.body)).toEqual({ user: null, flashes: [] } satisfies MeBody)
    expect(me.sessionCookie?.deleted ?? true, 'reading the old cookie never sets a live one').toBe(true)
  }
}

/**
 * Lets a late update through once its session was destroyed or regenerated (holds end): it must
 * find the record gone and write nothing more. Returns its response.
 */
async function releaseGone(store: SwitchableStore, late: LateRequest): Promise<TestResponse> {
  const mark = store.calls.length
  store.releaseWrites()
  expect(await late.write.release(), 'the late commit finds the record gone').toBe('missing')
  const res = await late.response
  expect(res.status).toBe(200)
  expect(writesSince(store, mark), 'nothing is written after the missing update: the session is not recreated').toEqual([])
  return res
}

/** The writes (`set`, `delete`, `touch`) logged since `calls.length` was `mark`. */
function writesSince(store: SwitchableStore, mark: number): StoreCall[] {
  return store.calls.slice(mark).filter((call) => call.operation !== 'get' && call.operation !== 'clearExpired')
}

function parseStored(entry: Pick<StoreEntry, 'data'>): StoredRecord {
  return taggedJson.parse(entry.data) as StoredRecord
}

/** The session data a logged `set` was asked to write. */
function dataOf(call: StoreCall): Record<string, unknown> {
  return call.entry ? parseStored(call.entry).d : {}
}

/** The stored record at `key`, read from the inner store (uncontrolled, unlogged). */
async function readStored(store: SwitchableStore, key: string): Promise<StoredRecord | null> {
  const entry = await store.inner.get(key)
  return entry && parseStored(entry)
}
