// Reading the project folder for the explorer and the editor, and writing files so that a crash never leaves
// half of one.
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { chmod, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import type { FileEntry, FileStamp } from '../../src-preload/contract'

export const MAX_FILE_BYTES = 5 * 1024 * 1024

/** Names the explorer leaves out: VCS data, caches and virtual environments' bulk. */
export const HIDDEN_NAMES: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '__pycache__', 'node_modules', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.DS_Store'])

function requireAbsolute(path: unknown): string {
  if (typeof path !== 'string' || !isAbsolute(path)) throw new Error(`Expected an absolute path, got ${JSON.stringify(path)}`)
  return path
}

export async function listDir(path: unknown): Promise<FileEntry[]> {
  const dir = requireAbsolute(path)
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    throw new Error(`Cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const result: FileEntry[] = []
  for (const entry of entries) {
    if (HIDDEN_NAMES.has(entry.name) || entry.name.endsWith('.pyc')) continue
    let kind: FileEntry['kind'] | null = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : null
    if (entry.isSymbolicLink()) {
      const target = await stat(join(dir, entry.name)).catch(() => null)
      kind = target?.isDirectory() ? 'dir' : target?.isFile() ? 'file' : null
    }
    if (kind) result.push({ name: entry.name, path: join(dir, entry.name), kind })
  }
  return result.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1))
}

export async function readTextFile(path: unknown): Promise<string> {
  const file = requireAbsolute(path)
  let info
  try {
    info = await stat(file)
  } catch (error) {
    throw new Error(`Cannot open ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  if (!info.isFile()) throw new Error(`Cannot open ${file}: not a file`)
  if (info.size > MAX_FILE_BYTES) throw new Error(`Cannot open ${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`)
  const bytes = await readFile(file)
  if (bytes.subarray(0, 8000).includes(0)) throw new Error(`Cannot open ${file}: it is a binary file`)
  return bytes.toString('utf8')
}

export async function requireDirectory(path: unknown): Promise<string> {
  const dir = requireAbsolute(path)
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) throw new Error(`Folder not found: ${dir}`)
  return dir
}

/** Relative paths ('/'-separated) of the files under `root`, caches and VCS folders left out, at most `limit`. */
export async function listFilesRecursively(root: string, limit = 20_000): Promise<string[]> {
  const out: string[] = []
  const queue = ['']
  while (queue.length > 0 && out.length < limit) {
    const rel = queue.shift()!
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      if (HIDDEN_NAMES.has(entry.name) || entry.name.startsWith('.')) continue
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) queue.push(child)
      else if (entry.isFile()) out.push(child)
      if (out.length >= limit) break
    }
  }
  return out
}

/** Whether `path` is `folder` or below it (both absolute; `..` segments resolved, symlinks not followed). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Saves `text` to `path` when `allowed` says the renderer may write there (the open folder, a file it opened).
 * Atomic: the text goes to a temporary file in the same folder (same file system), which is renamed over the
 * file, so a crash or a full disk leaves the old file whole. The old file's permissions are kept.
 */
export async function writeTextFile(path: unknown, text: unknown, allowed: (file: string) => boolean): Promise<FileStamp> {
  const file = resolve(requireAbsolute(path))
  if (typeof text !== 'string') throw new Error(`Cannot save ${file}: expected text, got ${typeof text}`)
  if (!allowed(file)) throw new Error(`Cannot save ${file}: it is outside the open folder and was not opened in the editor.`)
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > MAX_FILE_BYTES) throw new Error(`Cannot save ${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`)
  const old = await stat(file).catch(() => null)
  if (old && !old.isFile()) throw new Error(`Cannot save ${file}: not a file`)
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.bugscope-save`)
  try {
    await writeFile(temp, bytes, { flag: 'wx', mode: old ? old.mode & 0o7777 : 0o666 })
    if (old) await chmod(temp, old.mode & 0o7777)
    await rename(temp, file)
    const saved = await stat(file)
    return { mtimeMs: saved.mtimeMs, size: saved.size }
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (error as Error).message
    throw new Error(`Cannot save ${file}: ${why}`)
  }
}

/**
 * The stamps of the files `allowed` lets the renderer see (others are left out): null for a path that does not
 * exist or is not a file. At most 1,000 paths per call: the editor asks for its open files only.
 */
export async function fileStamps(paths: unknown, allowed: (file: string) => boolean): Promise<Record<string, FileStamp | null>> {
  if (!Array.isArray(paths) || paths.length > 1000) throw new Error('fileStamps needs a list of at most 1,000 paths')
  const result: Record<string, FileStamp | null> = {}
  await Promise.all(
    paths.map(async (path: unknown) => {
      if (typeof path !== 'string' || !isAbsolute(path) || !allowed(resolve(path))) return
      const info = await stat(path).catch(() => null)
      result[path] = info?.isFile() ? { mtimeMs: info.mtimeMs, size: info.size } : null
    }),
  )
  return result
}

/** Write then rename (same folder, same file system): a crash or a full disk never leaves half a file. */
export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  try {
    const fd = openSync(tmp, 'wx', 0o644)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (error) {
    try {
      unlinkSync(tmp)
    } catch {
      // never created
    }
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (error as Error).message
    throw new Error(`Cannot save ${path}: ${why}`)
  }
}
