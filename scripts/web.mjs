#!/usr/bin/env node
// `npm run web [-- --port N]`: build, then serve the workbench in browser mode on 127.0.0.1.
import { spawnSync } from 'node:child_process'
import { ensureDeps } from './ensure-deps.mjs'

const root = new URL('..', import.meta.url)
ensureDeps(root)
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const build = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const pyz = spawnSync(process.execPath, ['scripts/build-pyz.mjs'], { cwd: root, stdio: 'inherit' })
if (pyz.status !== 0) process.exit(pyz.status ?? 1)
const serve = spawnSync(process.execPath, ['out/main/serve-web.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
process.exit(serve.status ?? 0)
