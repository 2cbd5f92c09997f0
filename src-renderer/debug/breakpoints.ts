// The breakpoint table: source breakpoints per absolute file path. Pure functions over immutable data, so the
// debug model can apply them inside its actions and tests can check them directly.
import type { DebugProtocol } from '@vscode/debugprotocol'

export interface SourceBreakpoint {
  /** Local identity, stable across sessions. */
  readonly key: number
  /** The line the user asked for (1-based). */
  readonly line: number
  /** True once a debug session has confirmed the breakpoint. */
  readonly verified: boolean
  /** Where the session actually placed it, when it moved it (e.g. off a blank line). */
  readonly actualLine?: number
  /** The adapter's id, used to match later `breakpoint` events. */
  readonly dapId?: number
  /** The adapter's reason for not verifying it. */
  readonly message?: string
}

export type BreakpointTable = Readonly<Record<string, readonly SourceBreakpoint[]>>

let nextKey = 1

/** The line on which a breakpoint is shown: where the session put it, else where the user asked. */
export function displayLine(bp: SourceBreakpoint): number {
  return bp.actualLine ?? bp.line
}

/** Adds a breakpoint on `line`, or removes the one shown there. */
export function toggleBreakpoint(table: BreakpointTable, path: string, line: number): BreakpointTable {
  const list = table[path] ?? []
  const existing = list.find((bp) => displayLine(bp) === line) ?? list.find((bp) => bp.line === line)
  const next = existing
    ? list.filter((bp) => bp !== existing)
    : [...list, { key: nextKey++, line, verified: false }].sort((a, b) => a.line - b.line)
  const copy = { ...table }
  if (next.length) copy[path] = next
  else delete copy[path]
  return copy
}

/** The arguments of a DAP `setBreakpoints` request for one file. */
export function setBreakpointsArguments(table: BreakpointTable, path: string): DebugProtocol.SetBreakpointsArguments {
  const list = table[path] ?? []
  return {
    source: { path, name: path.split(/[\\/]/).pop() },
    breakpoints: list.map((bp) => ({ line: bp.line })),
    lines: list.map((bp) => bp.line),
    sourceModified: false,
  }
}

function fromDap(bp: SourceBreakpoint, answer: DebugProtocol.Breakpoint | undefined): SourceBreakpoint {
  if (!answer) return { key: bp.key, line: bp.line, verified: false }
  return {
    key: bp.key,
    line: bp.line,
    verified: answer.verified,
    actualLine: answer.line !== undefined && answer.line !== bp.line ? answer.line : undefined,
    dapId: answer.id,
    message: answer.message,
  }
}

/**
 * Applies a `setBreakpoints` response. DAP answers in the order of the request, so `sent` (the list that was
 * sent) pairs each answer with its breakpoint; breakpoints toggled meanwhile keep their state.
 */
export function applySetBreakpointsResponse(
  table: BreakpointTable,
  path: string,
  sent: readonly SourceBreakpoint[],
  answers: readonly DebugProtocol.Breakpoint[],
): BreakpointTable {
  const list = table[path]
  if (!list) return table
  const byKey = new Map(sent.map((bp, i) => [bp.key, answers[i]] as const))
  return { ...table, [path]: list.map((bp) => (byKey.has(bp.key) ? fromDap(bp, byKey.get(bp.key)) : bp)) }
}

/** Applies a DAP `breakpoint` event (reason 'changed'/'removed') to the breakpoint with that adapter id. */
export function applyBreakpointEvent(table: BreakpointTable, body: DebugProtocol.BreakpointEvent['body']): BreakpointTable {
  const id = body.breakpoint.id
  if (id === undefined) return table
  for (const [path, list] of Object.entries(table)) {
    const index = list.findIndex((bp) => bp.dapId === id)
    if (index < 0) continue
    const bp = list[index]
    const updated: SourceBreakpoint =
      body.reason === 'removed' ? { key: bp.key, line: bp.line, verified: false } : fromDap(bp, { ...body.breakpoint, id })
    const next = [...list]
    next[index] = updated
    return { ...table, [path]: next }
  }
  return table
}

/** After a session ends, every breakpoint is unverified again and back on the line the user chose. */
export function resetVerification(table: BreakpointTable): BreakpointTable {
  const copy: Record<string, SourceBreakpoint[]> = {}
  for (const [path, list] of Object.entries(table)) copy[path] = list.map((bp) => ({ key: bp.key, line: bp.line, verified: false }))
  return copy
}
