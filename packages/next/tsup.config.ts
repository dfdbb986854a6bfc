import { packageBuild } from '../../tsup.config.base'

// Three entries: only the App Router one (index) imports `next/headers`, which Next.js forbids in
// the Pages Router; the middleware entry stays edge-safe (no `next/headers`, nothing Node-only).
export default packageBuild({ entry: ['src/index.ts', 'src/pages.ts', 'src/middleware.ts'] })
