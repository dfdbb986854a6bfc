import autocannon from 'autocannon'
import type { LoadOptions, LoadResult } from './load.ts'

// The fallback load generator (when wrk is missing), in its own process like wrk.
const options = JSON.parse(process.argv[2]!) as LoadOptions
let next = 0
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.seconds,
  requests: [
    {
      setupRequest: (request: Record<string, unknown>) => {
        const cookie = options.cookies[next++ % options.cookies.length]!
        const headers: Record<string, string> = { 'x-forwarded-proto': 'https' }
        if (cookie) headers.cookie = cookie
        return { ...request, headers }
      },
    },
  ],
})
const seconds = result.duration
const out: LoadResult = {
  requests: result.requests.total,
  seconds,
  rps: result.requests.total / seconds,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
}
console.log(JSON.stringify(out))
