// Is there a Python that can run the tracer? Asked at start-up, so that a machine without one hears about it, and
// how to get one, before the first F5 fails.
import { execFile } from 'node:child_process'
import type { PythonCheck } from '../../src-preload/contract'
import { resolveInterpreter } from './resolve'

/** The oldest CPython the tracer supports. */
export const MIN_PYTHON: readonly [number, number] = [3, 8]

export const PYTHON_DOWNLOAD_URL = 'https://www.python.org/downloads/'

export type { PythonCheck }

export interface PythonCheckOptions {
  cwd?: string
  /** PATH to search (default process.env.PATH). */
  pathVar?: string
  platform?: NodeJS.Platform
  timeoutMs?: number
}

/** How to install Python on this OS, then what to do in Bugscope. */
export function howToGetPython(platform: NodeJS.Platform = process.platform): string {
  const install =
    platform === 'win32'
      ? `Install it from ${PYTHON_DOWNLOAD_URL}windows/ (tick "Add python.exe to PATH"), or run: winget install -e --id Python.Python.3.13`
      : platform === 'darwin'
        ? `Install it from ${PYTHON_DOWNLOAD_URL}macos/, or with Homebrew: brew install python`
        : 'Install it with your package manager, e.g. sudo apt install python3 (Debian, Ubuntu) or sudo dnf install python3 (Fedora).'
  return `${install} Then restart Bugscope, or enter the interpreter's path in the Python field of the toolbar.`
}

/**
 * Resolves the interpreter setting ('' → python3 on PATH) and runs it once to read its version: a file that
 * exists is not enough (Windows' `python.exe` may be the Microsoft Store's installer alias).
 */
export async function checkPython(setting: string | undefined, options: PythonCheckOptions = {}): Promise<PythonCheck> {
  const help = howToGetPython(options.platform)
  const need = `${MIN_PYTHON[0]}.${MIN_PYTHON[1]}`
  let path: string
  try {
    path = resolveInterpreter(setting, options.cwd, options.pathVar)
  } catch (e) {
    return { ok: false, problem: `Bugscope needs Python ${need} or newer to run your programs. ${(e as Error).message}`, help }
  }
  const probed = await probeVersion(path, options.timeoutMs)
  if ('problem' in probed) return { ok: false, problem: probed.problem, help }
  if (probed.tooOld) return { ok: false, problem: `${path} is Python ${probed.version}; Bugscope needs Python ${need} or newer.`, help }
  return { ok: true, path, version: probed.version }
}

/** What running an interpreter once says: its version (and whether the tracer can use it), or why it does not run. */
export type ProbeResult = { version: string; tooOld: boolean } | { problem: string }

/** Runs the interpreter at `path` once to read its version. */
export async function probeVersion(path: string, timeoutMs = 10_000): Promise<ProbeResult> {
  const result = await new Promise<{ stdout: string; error?: string }>((resolve) => {
    execFile(path, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) =>
      resolve({
        stdout: String(stdout),
        error: error ? (error.killed ? `it did not answer within ${timeoutMs / 1000} s` : String(stderr).trim() || error.message) : undefined,
      }),
    )
  })
  const version = /^(\d+)\.(\d+)\.(\d+)\s*$/.exec(result.stdout)
  if (result.error || !version) {
    const why = result.error ?? `it printed ${JSON.stringify(result.stdout.slice(0, 200))} instead of its version`
    return { problem: `The Python interpreter ${path} does not run: ${why}` }
  }
  const [major, minor] = [Number(version[1]), Number(version[2])]
  return { version: version.slice(1).join('.'), tooOld: major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]) }
}
