// Lets `npm start` and `npm test` work as the first commands on a fresh clone: installs the
// locked dependencies once when node_modules is missing.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export function ensureDeps(root) {
  if (existsSync(new URL('node_modules/.package-lock.json', root))) return
  console.log('── first run: installing dependencies (npm ci)')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: new URL('.', root), stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
