import './session-data.js'

export { readForm, readName, MAX_NAME_LENGTH } from './form.js'
export { listen, runDemo, type DemoConfig, type RunningDemo } from './node.js'
export { escapeHtml, expiryPage, formatDuration, homePage, type ExpiryView, type HomeView } from './pages.js'
export { demoSecret } from './secret.js'
export { SESSION_TABLE, STORE_SCHEMES, storeFromEnv, storeLabel } from './store.js'
