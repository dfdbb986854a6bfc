// Pages Router sessions (no next/headers).
import { createPagesSessions } from '@sess/next/pages'
import { manager } from './manager.js'

export const { withSession } = createPagesSessions(manager)
