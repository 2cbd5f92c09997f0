#!/usr/bin/env node
// Runs the Python tracer's tests (python/tests/run.py) on every CPython >= 3.8 found on this machine:
// each $PYENV_ROOT/versions/<x.y.z> (default ~/.pyenv) plus `python3` on PATH unless it is one of those.
// Two interpreters at a time; each one's output is printed as a section when it finishes.
// Last line: `python: N passed, N failed, N skipped`. With BUGSCOPE_SUMMARY_FILE set, the same counts
// are written there as JSON. Exit status is non-zero if anything failed.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, realpathSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const runner = join(root, 'python', 'tests', 'run.py')
const PARALLEL = 2

function cpythonVersion(name) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(name) // plain CPython builds only (no pypy-, miniconda-, 3.13t…)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

function realExecutable(command) {
  // `python3` may be a pyenv shim (a shell script); ask the interpreter where it really is.
  const probe = spawnSync(command, ['-c', 'import sys; print(sys.executable); print(sys.version_info[0], sys.version_info[1])'], {
    encoding: 'utf8',
  })
  if (probe.status !== 0 || !probe.stdout) return null
  const [exe, version] = probe.stdout.trim().split('\n')
  const [major, minor] = version.split(' ').map(Number)
  try {
    return { path: realpathSync(exe), major, minor }
  } catch {
    return null
  }
}

function findInterpreters() {
  const found = []
  const seen = new Set()
  const versionsDir = join(process.env.PYENV_ROOT || join(homedir(), '.pyenv'), 'versions')
  if (existsSync(versionsDir)) {
    const names = readdirSync(versionsDir)
      .map((name) => ({ name, v: cpythonVersion(name) }))
      .filter(({ v }) => v && (v[0] > 3 || (v[0] === 3 && v[1] >= 8)))
      .sort((a, b) => a.v[0] - b.v[0] || a.v[1] - b.v[1] || a.v[2] - b.v[2])
    for (const { name, v } of names) {
      const exe = join(versionsDir, name, 'bin', 'python')
      if (!existsSync(exe)) continue
      const real = realpathSync(exe)
      if (seen.has(real)) continue
      seen.add(real)
      found.push({ label: `pyenv ${name}`, command: exe, minor: v[1] })
    }
  }
  const python3 = realExecutable('python3')
  if (python3 && !seen.has(python3.path)) {
    if (python3.major === 3 && python3.minor >= 8) {
      found.push({ label: `python3 (${python3.path})`, command: 'python3', minor: python3.minor })
    } else {
      console.log(`python3 on PATH is ${python3.major}.${python3.minor}; the tracer needs 3.8 or newer, skipped`)
    }
  }
  return found
}

function runOne(interp) {
  return new Promise((resolvePromise) => {
    const started = Date.now()
    const child = spawn(interp.command, [runner], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...interp.env } })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const finish = (status) => {
      const lines = output.trimEnd().split('\n')
      const resultLine = lines.reverse().find((l) => l.startsWith('BUGSCOPE_RESULT '))
      let counts = { passed: 0, failed: 1, skipped: 0 } // crashed without a result line
      if (resultLine) {
        try {
          counts = JSON.parse(resultLine.slice('BUGSCOPE_RESULT '.length))
        } catch {
          /* keep the crash counts */
        }
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(`\n===== ${interp.label}: exit ${status}, ${seconds} s =====`)
      console.log(output.trimEnd())
      if (!resultLine) console.log(`(no BUGSCOPE_RESULT line: counted as 1 failed)`)
      resolvePromise({ interp, counts })
    }
    child.on('error', (e) => {
      output += `\ncould not start ${interp.command}: ${e.message}`
      finish('error')
    })
    child.on('close', (code, signal) => finish(signal ?? code))
  })
}

async function main() {
  const interpreters = findInterpreters()
  if (interpreters.length === 0) {
    console.log('python: no CPython >= 3.8 found (looked in pyenv versions and for python3 on PATH)')
    console.log('python: 0 passed, 1 failed, 0 skipped')
    process.exitCode = 1
    return
  }
  const pyenvCount = interpreters.filter((i) => i.label.startsWith('pyenv')).length
  console.log(`Python interpreters found (${interpreters.length}):`)
  for (const i of interpreters) console.log(`  ${i.label}`)
  if (pyenvCount === 0) console.log('Only python3 on PATH was found (no pyenv versions): testing that one interpreter.')

  // 3.8-3.11 run the C tracer where it builds; the pure-Python engine (what a machine without a compiler gets)
  // is tested there too.
  const fallbacks = interpreters
    .filter((i) => i.minor !== undefined && i.minor <= 11 && process.env.BUGSCOPE_NATIVE !== '0')
    .map((i) => ({ ...i, label: `${i.label}, pure-Python engine (BUGSCOPE_NATIVE=0)`, env: { BUGSCOPE_NATIVE: '0' } }))
  const results = []
  const queue = [...interpreters, ...fallbacks]
  const workers = Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    while (queue.length > 0) results.push(await runOne(queue.shift()))
  })
  await Promise.all(workers)

  const total = { passed: 0, failed: 0, skipped: 0 }
  console.log('\nPer interpreter:')
  for (const i of [...interpreters, ...fallbacks]) {
    const r = results.find((x) => x.interp === i)
    for (const k of Object.keys(total)) total[k] += Number(r.counts[k]) || 0
    console.log(`  ${i.label}: ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped`)
  }
  if (process.env.BUGSCOPE_SUMMARY_FILE) writeFileSync(process.env.BUGSCOPE_SUMMARY_FILE, JSON.stringify(total))
  console.log(`python: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
  if (total.failed > 0) process.exitCode = 1
}

main()
