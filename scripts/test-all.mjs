#!/usr/bin/env node
// `npm test`: every layer, one closing line `N passed, N failed, N skipped`.
//   1. TypeScript typecheck (tsc -b)           — counts as one test
//   2. build of the app (electron-vite build)  — counts as one test; the browser tests need it
//   3. the tracer's unittest suites on every Python interpreter found
//   4. vitest: unit, adapter + real tracer integration, browser and Electron end-to-end
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDeps } from './ensure-deps.mjs'

ensureDeps(new URL('..', import.meta.url))
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'bugscope-test-'))
const totals = { passed: 0, failed: 0, skipped: 0 }
const layers = []

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  return { ok: result.status === 0, seconds, status: result.status ?? result.signal }
}

function check(label, command, args) {
  const r = run(label, command, args)
  totals[r.ok ? 'passed' : 'failed']++
  layers.push(`${label}: ${r.ok ? 'ok' : `FAILED (exit ${r.status})`} in ${r.seconds} s`)
  return r.ok
}

function suite(label, command, args) {
  const file = join(scratch, `${label.replace(/\W+/g, '-')}.json`)
  const r = run(label, command, args, { BUGSCOPE_SUMMARY_FILE: file })
  let counts
  try {
    counts = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 } // the layer crashed before it could report
  }
  if (!r.ok && counts.failed === 0) counts.failed = 1
  for (const k of Object.keys(totals)) totals[k] += counts[k] ?? 0
  layers.push(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${r.seconds} s`)
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
check('typecheck', npx, ['tsc', '-b'])
check('build', npx, ['electron-vite', 'build'])
check('build:pyz', process.execPath, ['scripts/build-pyz.mjs'])
suite('python', process.execPath, ['scripts/test-python.mjs'])
suite('vitest', npx, ['vitest', 'run'])

rmSync(scratch, { recursive: true, force: true })
console.log('\n━━ summary')
for (const line of layers) console.log(`  ${line}`)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed === 0 ? 0 : 1)
