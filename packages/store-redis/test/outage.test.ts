import { describeOutage } from '@sess/store-tests'
import { RedisStore } from '../src/index.js'
import { freePorts, startRedisServer, tempDir } from './server.js'

// The store's own client: connectTimeout and commandTimeout 2000 ms, so 2 s plus slack.
describeOutage('redis (throwaway server)', {
  boundMs: 3000,
  keepsData: false, // started with `--save ''`
  async start() {
    const [port] = await freePorts(1)
    const temp = tempDir('redis-outage')
    const server = await startRedisServer(port!, temp.dir)
    const store = new RedisStore({ url: server.url })
    return {
      store,
      stop: server.stop,
      restart: server.restart,
      // A stopped process: the kernel still accepts connections, nothing answers.
      async hang() {
        server.signal('SIGSTOP')
        return { store, release: async () => server.signal('SIGCONT') }
      },
      async close() {
        await store.close()
        await server.stop()
        temp.remove()
      },
    }
  },
})
