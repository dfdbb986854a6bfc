import { packageProject } from '../../vitest.shared.ts'

export default packageProject('next', { globalSetup: ['test/global-setup.ts'], hookTimeout: 120_000 })
