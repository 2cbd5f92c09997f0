// The one place that turns the user's interpreter setting into a path we can spawn.
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

/** The interpreter used when the setting is empty. */
export const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3'

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    if (process.platform !== 'win32') accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function findOnPath(command: string, pathVar = process.env.PATH ?? ''): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue
    for (const ext of extensions) {
      const candidate = join(dir, command + ext)
      if (isExecutableFile(candidate)) return candidate
    }
  }
  return null
}

/**
 * Resolves the interpreter setting ('' → python3 on PATH; a bare name → looked up on PATH; a path →
 * must be an executable file). Throws an Error whose message tells the user what to fix.
 */
export function resolveInterpreter(setting: string | undefined, cwd = process.cwd(), pathVar?: string): string {
  const wanted = (setting ?? '').trim() || DEFAULT_PYTHON
  if (!wanted.includes('/') && !wanted.includes('\\')) {
    const found = findOnPath(wanted, pathVar)
    if (!found) {
      throw new Error(`Python interpreter '${wanted}' was not found on PATH. Install Python 3.8 or newer, or set the interpreter path in the Python field.`)
    }
    return found
  }
  const path = isAbsolute(wanted) ? wanted : resolve(cwd, wanted)
  if (!isExecutableFile(path)) {
    throw new Error(`Python interpreter not found: ${path} does not exist or is not executable. Fix the path in the Python field.`)
  }
  return path
}
