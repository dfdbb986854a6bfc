// App Router sessions (this entry of @sess/next imports next/headers: App Router only).
import { createNextSessions } from '@sess/next'
import { manager } from './manager.js'

export const sessions = createNextSessions(manager)
