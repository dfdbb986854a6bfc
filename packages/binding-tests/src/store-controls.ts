import type { StoreEntry, WriteCondition, WriteResult } from '@sess/core'

/** A write operation of the store contract. `touch` counts as a write: it moves a stored expiry. */
export type WriteOperation = 'set' | 'delete' | 'touch'

/** Every operation the switchable store forwards. */
export type StoreOperation = 'get' | WriteOperation | 'clearExpired'

/** One call that reached the switchable store, logged when it arrives (before any hold). */
export interface StoreCall {
  operation: StoreOperation
  /** The store key, or null for `clearExpired`. */
  key: string | null
  /** What `set` was asked to write. */
  entry?: StoreEntry
  /** The condition `set` was given. */
  condition?: WriteCondition
  /** What `set` answered, once the inner store did. */
  result?: WriteResult
}

/** A write held by `holdWrites()`: it reaches the inner store only when the test releases it. */
export interface HeldWrite {
  /** The call as logged; `result` is filled in once released. */
  call: StoreCall
  /** Lets the write through; resolves with what the inner store answered (`undefined` but for `set`). */
  release(): Promise<WriteResult | undefined>
}

/** How long `nextWrite` and `loadBarrier` wait before failing the test, in milliseconds. */
export const CONTROL_TIMEOUT_MS = 5000

/**
 * Test controls that order concurrent requests without sleeping: a barrier that holds loads until
 * several requests have all loaded, and holds that queue writes for the test to release one by one.
 */
export interface StoreControls {
  /**
   * Holds the next `count` `get` calls until all `count` have arrived, then lets them through
   * together: `count` requests load the same version before any of them can commit. Resolves once
   * they are let through; rejects after `CONTROL_TIMEOUT_MS` if fewer arrived.
   */
  loadBarrier(count: number): Promise<void>
  /** From now on, every write (`set`, `delete`, `touch`) waits until the test releases it. */
  holdWrites(): void
  /** The oldest held write not yet taken, waiting for one to arrive (up to `CONTROL_TIMEOUT_MS`). */
  nextWrite(): Promise<HeldWrite>
  /** Stops holding writes and releases the ones still queued, in the order they arrived. */
  releaseWrites(): void
  /** Ends every control: lets every held load and write through (taken by `nextWrite` or not), as a test's cleanup. */
  releaseAll(): void
  /** Every call so far, oldest first. Slice from `calls.length` taken earlier to see one step's calls. */
  readonly calls: readonly StoreCall[]
}

/** The hooks the switchable store calls around each operation. */
export interface ControlHooks {
  /** Logs the call; resolves when a `get` may go on (at once unless a load barrier holds it). */
  beforeGet(key: string): Promise<void>
  /** Logs the write and runs `operation` now, or when the test releases it. */
  write<T>(call: StoreCall, operation: () => Promise<T>): Promise<T>
  /** Logs a call that is never held. */
  log(call: StoreCall): void
}

/** Creates the controls and the hooks that drive them. */
export function createStoreControls(): { controls: StoreControls; hooks: ControlHooks } {
  const calls: StoreCall[] = []
  const barrier = createLoadBarrier()
  const holds = createWriteHolds()
  const controls: StoreControls = {
    calls,
    loadBarrier: barrier.arm,
    holdWrites: holds.start,
    nextWrite: holds.next,
    releaseWrites: holds.stop,
    releaseAll() {
      barrier.open()
      holds.stop(true)
    },
  }
  const hooks: ControlHooks = {
    log: (call) => void calls.push(call),
    beforeGet(key) {
      calls.push({ operation: 'get', key })
      return barrier.enter()
    },
    write(call, operation) {
      calls.push(call)
      const run = async () => {
        const result = await operation()
        if (call.operation === 'set') call.result = result as WriteResult
        return result
      }
      return holds.hold(call, run)
    },
  }
  return { controls, hooks }
}

/** Holds `get` calls until as many as the test asked for have arrived. */
function createLoadBarrier() {
  let armed: { count: number; waiting: (() => void)[]; done: () => void } | null = null
  /** Lets the held loads go; `settle` resolves the barrier's promise (not when it timed out: that rejects). */
  function open(settle: boolean): void {
    const current = armed
    armed = null
    for (const go of current?.waiting ?? []) go()
    if (settle) current?.done()
  }
  return {
    open: () => open(true),
    arm(count: number): Promise<void> {
      if (armed) throw new Error('a load barrier is already armed')
      return withTimeout(new Promise<void>((done) => (armed = { count, waiting: [], done })), `${count} loads`, () => open(false))
    },
    enter(): Promise<void> {
      if (!armed) return Promise.resolve()
      const current = armed
      const entered = new Promise<void>((go) => current.waiting.push(go))
      if (current.waiting.length === current.count) open(true)
      return entered
    },
  }
}

/** Queues writes while holding; hands them to the test in arrival order. */
function createWriteHolds() {
  let holding = false
  const queue: HeldWrite[] = []
  const takers: ((write: HeldWrite) => void)[] = []
  /** Every held write not yet released, queued or already handed to the test. */
  const unreleased = new Set<HeldWrite>()
  function deliver(write: HeldWrite): void {
    const taker = takers.shift()
    if (taker) taker(write)
    else queue.push(write)
  }
  function releaseEach(writes: Iterable<HeldWrite>): void {
    for (const write of [...writes]) void write.release().catch(() => {})
  }
  return {
    start: () => void (holding = true),
    /** Stops holding and releases the queued writes; with `all`, also those handed out and not released. */
    stop(all = false): void {
      holding = false
      releaseEach(queue.splice(0))
      if (all) releaseEach(unreleased)
    },
    next(): Promise<HeldWrite> {
      const queued = queue.shift()
      if (queued) return Promise.resolve(queued)
      let take: ((write: HeldWrite) => void) | undefined
      const arrived = new Promise<HeldWrite>((resolve) => takers.push((take = resolve)))
      return withTimeout(arrived, 'a store write', () => void takers.splice(takers.indexOf(take!), 1))
    },
    hold<T>(call: StoreCall, run: () => Promise<T>): Promise<T> {
      if (!holding) return run()
      return new Promise<T>((resolve, reject) => {
        let released: Promise<T> | undefined
        const write: HeldWrite = {
          call,
          release() {
            if (!released) {
              unreleased.delete(write)
              released = run()
              released.then(resolve, reject)
            }
            return released as Promise<WriteResult | undefined>
          },
        }
        unreleased.add(write)
        deliver(write)
      })
    },
  }
}

/**
 * `promise`, or (after `onTimeout` ran) a rejection naming `what` after `CONTROL_TIMEOUT_MS`: a
 * step the test waits for that never comes fails the test with a message rather than its timeout.
 */
function withTimeout<T>(promise: Promise<T>, what: string, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(new Error(`the store waited ${CONTROL_TIMEOUT_MS} ms for ${what} that never came`))
    }, CONTROL_TIMEOUT_MS)
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}
