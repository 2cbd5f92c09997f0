// The process tree of a debug session: the launched program and the Python child processes it starts
// (subprocess, multiprocessing, os.fork), each its own DAP session. Pure functions over ProcessEntry lists.
import type { AttachArguments } from '../../src-preload/contract'
import type { SessionStatus } from './debugState'

export interface ProcessEntry {
  readonly sessionId: string
  readonly name: string
  readonly pid?: number
  /** The parent's process id (a child process); undefined for the launched (or attached) program. */
  readonly parentPid?: number
  readonly status: SessionStatus
}

/** The entry of the launched (or attached) program; its pid arrives later with the tracer's info. */
export function rootProcess(sessionId: string, name: string): ProcessEntry {
  return { sessionId, name, status: 'initializing' }
}

/** The entry of a child process announced by the adapter (START_DEBUGGING_EVENT's attach configuration). */
export function childProcess(sessionId: string, configuration: AttachArguments & { name?: string }): ProcessEntry {
  const child = configuration.childProcess
  return {
    sessionId,
    name: child?.name || configuration.name || 'child process',
    pid: child?.pid,
    parentPid: child?.ppid,
    status: 'initializing',
  }
}

export function updateProcess(list: readonly ProcessEntry[], sessionId: string, change: Partial<ProcessEntry>): readonly ProcessEntry[] {
  const index = list.findIndex((p) => p.sessionId === sessionId)
  if (index < 0) return list
  const before = list[index]
  const after = { ...before, ...change }
  if (Object.keys(change).every((k) => before[k as keyof ProcessEntry] === after[k as keyof ProcessEntry])) return list
  return [...list.slice(0, index), after, ...list.slice(index + 1)]
}

export function removeProcess(list: readonly ProcessEntry[], sessionId: string): readonly ProcessEntry[] {
  return list.filter((p) => p.sessionId !== sessionId)
}

/**
 * The tree in display order (each process after its parent, children by pid) with each one's depth. A process
 * whose parent is not in the list (it ended, or is not Python) hangs under the root.
 */
export function processTree(list: readonly ProcessEntry[]): { entry: ProcessEntry; depth: number }[] {
  const byPid = new Map(list.filter((p) => p.pid !== undefined).map((p) => [p.pid!, p]))
  const root = list[0]
  const childrenOf = new Map<ProcessEntry, ProcessEntry[]>()
  for (const p of list.slice(1)) {
    const parent = (p.parentPid !== undefined && byPid.get(p.parentPid)) || root
    const parentEntry = parent === p ? root : parent
    childrenOf.set(parentEntry, [...(childrenOf.get(parentEntry) ?? []), p])
  }
  const out: { entry: ProcessEntry; depth: number }[] = []
  const seen = new Set<ProcessEntry>()
  const visit = (entry: ProcessEntry, depth: number) => {
    if (seen.has(entry)) return
    seen.add(entry)
    out.push({ entry, depth })
    const kids = [...(childrenOf.get(entry) ?? [])].sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0))
    for (const kid of kids) visit(kid, depth + 1)
  }
  if (root) visit(root, 0)
  for (const p of list) visit(p, 1) // anything a cycle of pids left out
  return out
}
