#!/usr/bin/env node
// `npm start`: dependencies if missing, the Electron binary if missing (downloaded on first start),
// a build, then the desktop app.
import { spawnSync } from 'node:child_process'
import { ensureDeps } from './ensure-deps.mjs'

const root = new URL('..', import.meta.url)
ensureDeps(root)
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const step = (args, failure) => {
  const r = spawnSync(npx, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    if (failure) console.error(failure)
    process.exit(r.status ?? 1)
  }
}
step(['install-electron'], '\nbugscope: could not download Electron. Without internet, use browser mode instead: `npm run web`.')
step(['electron-vite', 'build'])
const pyz = spawnSync(process.execPath, ['scripts/build-pyz.mjs'], { cwd: root, stdio: 'inherit' })
if (pyz.status !== 0) process.exit(pyz.status ?? 1)
step(['electron-vite', 'preview', '--skipBuild'])
