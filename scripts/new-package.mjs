// Scaffolds packages/<dir> with the one package shape every @sess package shares.
// Usage: node scripts/new-package.mjs <dir> "<description>" [depsJSON] [peerJSON] [devJSON]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
const [dir, description, deps = '{}', peers = '{}', dev = '{}'] = process.argv.slice(2)
const root = new URL(`../packages/${dir}/`, import.meta.url)
mkdirSync(new URL('src/', root), { recursive: true })
const pkg = {
  name: `@sess/${dir}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20' },
  files: ['dist', 'src'],
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  exports: {
    '.': {
      'dev-source': './src/index.ts',
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  scripts: {
    build: 'tsup',
    typecheck: 'tsc --noEmit -p .',
    check: 'publint --strict && attw --pack . --profile node16',
  },
  dependencies: JSON.parse(deps),
  peerDependencies: JSON.parse(peers),
  devDependencies: JSON.parse(dev),
  publishConfig: { access: 'public' },
  repository: { type: 'git', url: 'git+https://github.com/sess-js/sess.git', directory: `packages/${dir}` },
}
for (const k of ['dependencies', 'peerDependencies', 'devDependencies'])
  if (Object.keys(pkg[k]).length === 0) delete pkg[k]
writeFileSync(new URL('package.json', root), `${JSON.stringify(pkg, null, 2)}\n`)
writeFileSync(
  new URL('tsconfig.json', root),
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test', '*.ts'] }, null, 2)}\n`,
)
writeFileSync(
  new URL('tsup.config.ts', root),
  "import { packageBuild } from '../../tsup.config.base'\n\nexport default packageBuild()\n",
)
if (!existsSync(new URL('src/index.ts', root))) writeFileSync(new URL('src/index.ts', root), 'export {}\n')
