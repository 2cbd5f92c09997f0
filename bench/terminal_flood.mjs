#!/usr/bin/env node
// `node bench/terminal_flood.mjs [seconds]` (default 60, not part of npm test; run `npm run build` first):
// a program prints 1 MB/s through the terminal panel in Chromium (tests/e2e/output-flood.test.ts with
// FLOOD_SECONDS) and this prints what the panel did: dropped bytes, the most output queued, the page's heap, and
// the slowest evaluate and click while the flood ran.
import { spawnSync } from 'node:child_process'

const seconds = process.argv[2] ?? '60'
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', 'tests/e2e/output-flood.test.ts'], {
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, FLOOD_SECONDS: seconds },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
const line = `${run.stdout}`.split('\n').find((l) => l.includes('FLOOD_FIGURES '))
if (!line) {
  process.stderr.write(`${run.stdout}\n${run.stderr}\nterminal_flood: the test printed no figures (exit ${run.status}).\n`)
  process.exit(1)
}
const figures = JSON.parse(line.slice(line.indexOf('FLOOD_FIGURES ') + 'FLOOD_FIGURES '.length))
console.log(`terminal flood: ${figures.seconds} s at 1 MB/s (${run.status === 0 ? 'assertions passed' : 'ASSERTIONS FAILED'})`)
console.log(`  written to xterm   ${figures.writtenChars.toLocaleString('en')} characters`)
console.log(`  dropped            ${figures.droppedBytes.toLocaleString('en')} bytes`)
console.log(`  max pending        ${figures.maxPendingChars.toLocaleString('en')} characters`)
console.log(`  max JS heap        ${figures.maxHeapMB} MB`)
console.log(`  slowest evaluate   ${figures.maxEvaluateMs} ms, slowest click ${figures.maxClickMs} ms (${figures.samples} samples)`)
console.log(`  terminal caught up ${(figures.drainedAfterMs / 1000).toFixed(1)} s after the first output`)
process.exit(run.status ?? 1)
