export { describeStore, type DescribeStoreOptions } from './describe-store.js'
export { createTestClock, type TestClock } from './clock.js'
export { makeEntry, uniqueKey, binaryLikePayload } from './entries.js'
