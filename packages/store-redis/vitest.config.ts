import { packageProject } from '../../vitest.shared.ts'

export default packageProject('store-redis', { globalSetup: ['test/global-setup.ts'] })
