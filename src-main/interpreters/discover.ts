// Which Python interpreters are on this machine, for the interpreter picker: the project's own environment
// (.venv, venv, env), pyenv's versions, conda's environments and python3/python3.X on PATH, each run once to read
// its version (in parallel, with a short time limit, remembered until the executable changes).
import { constants } from 'node:fs'
import { access, readdir, readFile, realpath, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, delimiter, dirname, join, resolve } from 'node:path'
import type { InterpreterInfo } from '../../src-preload/contract'
import { MIN_PYTHON, probeVersion, type ProbeResult } from './probe'

export interface DiscoveryOptions {
  /** Where PATH, PYENV_ROOT and CONDA_PREFIX come from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>
  home?: string
  platform?: NodeJS.Platform
}

export type InterpreterCandidate = Pick<InterpreterInfo, 'path' | 'source' | 'name'>

/** The folder names VS Code's Python extension looks for a project environment under. */
export const PROJECT_ENV_DIRS = ['.venv', 'venv', 'env']

async function isExecutable(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false
    if (platform !== 'win32') await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The interpreter of an environment or installation prefix, if it has one. */
async function interpreterIn(prefix: string, platform: NodeJS.Platform): Promise<string | null> {
  const candidates = platform === 'win32' ? [join(prefix, 'Scripts', 'python.exe'), join(prefix, 'python.exe')] : [join(prefix, 'bin', 'python'), join(prefix, 'bin', 'python3')]
  for (const path of candidates) if (await isExecutable(path, platform)) return path
  return null
}

const subdirectories = async (dir: string) =>
  (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => join(dir, e.name))

/** Newest version first: "3.12.1" before "3.9.18" before "3.8.18". */
const byVersionDescending = (a: string, b: string) => b.localeCompare(a, undefined, { numeric: true })

/** python3 (or python.exe) before python3.X, then the newest version first. */
const plainNameFirst = (a: string, b: string) => Number(!/\d\.\d/.test(b)) - Number(!/\d\.\d/.test(a)) || byVersionDescending(a, b)

/** Every interpreter found, each path once, in the order: project, pyenv, conda, PATH. */
export async function findInterpreters(folder: string | null, options: DiscoveryOptions = {}): Promise<InterpreterCandidate[]> {
  const env = options.env ?? process.env
  const home = options.home ?? homedir()
  const platform = options.platform ?? process.platform
  const found: InterpreterCandidate[] = []
  const add = (path: string | null, source: InterpreterInfo['source'], name: string) => {
    if (path && !found.some((c) => c.path === path)) found.push({ path, source, name })
  }

  if (folder) for (const dir of PROJECT_ENV_DIRS) add(await interpreterIn(join(folder, dir), platform), 'project', dir)

  const pyenvRoot = env.PYENV_ROOT || (platform === 'win32' ? join(home, '.pyenv', 'pyenv-win') : join(home, '.pyenv'))
  const versions = (await subdirectories(join(pyenvRoot, 'versions'))).sort((a, b) => byVersionDescending(basename(a), basename(b)))
  for (const [dir, path] of await Promise.all(versions.map(async (d) => [d, await interpreterIn(d, platform)] as const))) add(path, 'pyenv', basename(dir))

  // conda: the environments it has created anywhere (environments.txt), the usual install roots, the active one.
  const prefixes: string[] = []
  const listed = await readFile(join(home, '.conda', 'environments.txt'), 'utf8').catch(() => '')
  prefixes.push(...listed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
  for (const install of ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge']) {
    prefixes.push(join(home, install), ...(await subdirectories(join(home, install, 'envs'))).sort())
  }
  if (env.CONDA_PREFIX) prefixes.push(env.CONDA_PREFIX)
  for (const prefix of prefixes) {
    const name = basename(dirname(prefix)) === 'envs' ? basename(prefix) : `base (${basename(prefix)})`
    add(await interpreterIn(prefix, platform), 'conda', name)
  }

  // PATH: python3 and python3.X (python.exe on Windows). pyenv's shims are left out: they run whichever version
  // pyenv selects, and every version is listed above. One entry per executable (python3 → python3.12 is one).
  const pattern = platform === 'win32' ? /^python(3(\.\d+)?)?\.exe$/i : /^python3(\.\d+)?$/
  const seen = new Set<string>()
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || resolve(dir) === join(pyenvRoot, 'shims')) continue
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => pattern.test(n)).sort(plainNameFirst)
    for (const name of names) {
      const path = join(dir, name)
      if (!(await isExecutable(path, platform))) continue
      const real = await realpath(path).catch(() => path)
      if (seen.has(real)) continue
      seen.add(real)
      add(path, 'path', name)
    }
  }
  return found
}

/**
 * Finds interpreters and reads their versions. The version of each path is remembered until the executable it
 * points to changes (another inode, size or time), so opening the picker again runs nothing.
 */
export class InterpreterCatalog {
  private readonly versions = new Map<string, { key: string; result: ProbeResult }>()

  constructor(private readonly options: DiscoveryOptions & { timeoutMs?: number } = {}) {}

  async list(folder: string | null, chosen?: string): Promise<InterpreterInfo[]> {
    const candidates = await findInterpreters(folder, this.options)
    // The path chosen for the project is shown even when no search finds it (or it is gone: it says so).
    if (chosen && !candidates.some((c) => c.path === chosen)) candidates.unshift({ path: chosen, source: 'chosen', name: basename(chosen) })
    return Promise.all(candidates.map(async (c) => ({ ...c, ...(await this.describe(c.path)) })))
  }

  private async describe(path: string): Promise<Pick<InterpreterInfo, 'version' | 'problem'>> {
    const info = await stat(path).catch(() => null)
    if (!info) return { problem: `${path} does not exist.` }
    const key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`
    let entry = this.versions.get(path)
    if (entry?.key !== key) {
      entry = { key, result: await probeVersion(path, this.options.timeoutMs ?? 3_000) }
      // Only answers are kept: one that failed (a slow first start timed out) is asked again next time.
      if ('version' in entry.result) this.versions.set(path, entry)
    }
    const r = entry.result
    if ('problem' in r) return { problem: r.problem }
    if (r.tooOld) return { version: r.version, problem: `Python ${r.version} is too old: Bugscope needs ${MIN_PYTHON.join('.')} or newer.` }
    return { version: r.version }
  }
}
