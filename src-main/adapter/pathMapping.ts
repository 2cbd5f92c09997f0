// Path mappings between this machine and a remote debuggee (VS Code's `pathMappings` shape): a breakpoint
// set in /home/me/proj/app.py reaches the tracer as /srv/app/app.py, and frames come back the other way.
import type { PathMapping } from '../../src-preload/contract'

function separatorOf(path: string): '/' | '\\' {
  return /^[a-zA-Z]:\\|^\\\\/.test(path) || (path.includes('\\') && !path.includes('/')) ? '\\' : '/'
}

function withoutTrailingSeparator(path: string): string {
  return path.length > 1 ? path.replace(/[\\/]+$/, '') : path
}

/** Whether `path` is `root` or inside it; case-insensitive for Windows-style paths. */
function under(path: string, root: string): boolean {
  const sep = separatorOf(root)
  const [p, r] = sep === '\\' ? [path.toLowerCase(), root.toLowerCase()] : [path, root]
  return p === r || p.startsWith(r.endsWith(sep) ? r : r + sep)
}

function rebase(path: string, from: string, to: string): string {
  const rest = path.slice(withoutTrailingSeparator(from).length).replace(/^[\\/]+/, '')
  if (!rest) return withoutTrailingSeparator(to)
  const sep = separatorOf(to)
  return withoutTrailingSeparator(to) + sep + rest.split(/[\\/]/).join(sep)
}

export class PathMapper {
  private readonly mappings: PathMapping[]

  constructor(mappings: readonly PathMapping[] = []) {
    // Longest root first, so /srv/app/lib wins over /srv/app.
    this.mappings = mappings
      .filter((m) => m.localRoot && m.remoteRoot)
      .map((m) => ({ localRoot: withoutTrailingSeparator(m.localRoot), remoteRoot: withoutTrailingSeparator(m.remoteRoot) }))
      .sort((a, b) => b.localRoot.length - a.localRoot.length)
  }

  get isEmpty(): boolean {
    return this.mappings.length === 0
  }

  toRemote(localPath: string): string {
    const m = this.mappings.find((m) => under(localPath, m.localRoot))
    return m ? rebase(localPath, m.localRoot, m.remoteRoot) : localPath
  }

  toLocal(remotePath: string): string {
    const m = [...this.mappings].sort((a, b) => b.remoteRoot.length - a.remoteRoot.length).find((m) => under(remotePath, m.remoteRoot))
    return m ? rebase(remotePath, m.remoteRoot, m.localRoot) : remotePath
  }
}

/**
 * Suggests mappings from the debuggee's loaded source paths: for each remote file whose trailing path parts
 * name a file in the local folder, the differing prefixes form a pair. `localFiles` are paths relative to
 * `localRoot`, with '/'. Returns the pairs seen, the most supported first.
 */
export function suggestPathMappings(remotePaths: readonly string[], localRoot: string, localFiles: readonly string[]): PathMapping[] {
  const local = new Set(localFiles)
  const votes = new Map<string, { mapping: PathMapping; count: number }>()
  for (const remote of remotePaths) {
    const parts = remote.split(/[\\/]/).filter(Boolean)
    // The longest tail of the remote path that exists locally decides the remote root.
    for (let i = 0; i < parts.length; i++) {
      const tail = parts.slice(i).join('/')
      if (!local.has(tail)) continue
      const sep = separatorOf(remote)
      const leading = remote.startsWith(sep) ? sep : ''
      const remoteRoot = leading + parts.slice(0, i).join(sep)
      if (!remoteRoot || remoteRoot === sep || remoteRoot === withoutTrailingSeparator(localRoot)) break
      const key = `${remoteRoot}\u0000${localRoot}`
      const entry = votes.get(key) ?? { mapping: { localRoot: withoutTrailingSeparator(localRoot), remoteRoot }, count: 0 }
      entry.count++
      votes.set(key, entry)
      break
    }
  }
  return [...votes.values()].sort((a, b) => b.count - a.count).map((v) => v.mapping)
}

/**
 * A copy of a DAP body with every Source's `path` (under a `source` key or in a `sources` array) passed
 * through `map`. Bodies are small (one stack, one file's breakpoints), so copying is cheap.
 */
export function mapSourcePaths<T>(value: T, map: (path: string) => string): T {
  const visit = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((item) => visit(item, key === 'sources' ? 'source' : undefined))
    if (typeof v !== 'object' || v === null) return v
    const out: Record<string, unknown> = {}
    for (const [k, child] of Object.entries(v)) out[k] = visit(child, k)
    if (key === 'source' && typeof out.path === 'string') out.path = map(out.path)
    return out
  }
  return visit(value) as T
}
