import { createSessionManager } from '@sess/core'
import { sessionOptions } from './options.js'

/** One manager for the App Router and the Pages Router (the middleware runs on the edge and builds its own). */
export const manager = createSessionManager(sessionOptions())
