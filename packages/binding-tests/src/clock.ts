/** A clock tests move by hand, so expiry is tested without sleeping. */
export interface TestClock {
  /** Current time, epoch milliseconds. The suite passes it to the manager as `now`. */
  now: () => number
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void
}

export function createTestClock(start = Date.now()): TestClock {
  let current = start
  return {
    now: () => current,
    advance(ms) {
      current += ms
    },
  }
}
