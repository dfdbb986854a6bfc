import { describeOutage, throwawayBackend } from '@sess/store-tests'
import { MongoStore } from '../src/index.js'
import { mongoUrl, startJongodb } from './server.js'

const FAST_FAILURE = { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000, socketTimeoutMS: 2000 }

describeOutage('mongodb', {
  boundMs: 5000,
  keepsData: false, // jongodb keeps nothing across a restart
  start: async () => throwawayBackend(await startJongodb(), (server) => new MongoStore({ url: mongoUrl(server.port), clientOptions: FAST_FAILURE })),
})
