import { describeOutage, throwawayBackend } from '@sess/store-tests'
import { MemcachedStore } from '../src/index.js'
import { startMemcached } from './server.js'

describeOutage('memcached', {
  boundMs: 3000, // timeout 0.5 s plus slack
  keepsData: false, // memcached keeps nothing across a restart
  start: async () => throwawayBackend(await startMemcached(), (server) => new MemcachedStore({ servers: server.address, timeout: 0.5 })),
})
