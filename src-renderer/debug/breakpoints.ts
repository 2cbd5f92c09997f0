// The breakpoint table: source breakpoints per absolute file path. Pure functions over immutable data, so the
// debug model can apply them inside its actions and tests can check them directly.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { SuspendPolicy } from '../../src-preload/contract'

/** What the user sets on a breakpoint besides its line; absent (or blank) means "not set". */
export interface BreakpointOptions {
  /** A Python expression: the breakpoint stops only when it is true. */
  readonly condition?: string
  /** `N`, `== N`, `>= N` or `% N`: which passes through the line count. */
  readonly hitCondition?: string
  /** A log point's message, `{expression}` interpolated; a log point never suspends. */
  readonly logMessage?: string
  /** Removed at its first stop (DAP breakpoint mode "temporary"). */
  readonly temporary?: boolean
  /** Does nothing until the breakpoint on this line stops (Bugscope's `dependsOn`). */
  readonly dependsOn?: BreakpointLocation
  /** What its stop suspends: every thread or only the one that hit it; absent: the session's default. */
  readonly suspendPolicy?: SuspendPolicy
}

export interface BreakpointLocation {
  readonly path: string
  readonly line: number
}

export interface SourceBreakpoint extends BreakpointOptions {
  /** Local identity, stable across sessions. */
  readonly key: number
  /** The line the user asked for (1-based). */
  readonly line: number
  /** A disabled breakpoint stays in the table but is not sent to the debugger. */
  readonly enabled: boolean
  /** True once a debug session has confirmed the breakpoint. */
  readonly verified: boolean
  /** Where the session actually placed it, when it moved it (e.g. off a blank line). */
  readonly actualLine?: number
  /** The adapter's id, used to match later `breakpoint` events and a stop's `hitBreakpointIds`. */
  readonly dapId?: number
  /** The adapter's reason for not verifying it (e.g. an invalid condition), or why its condition failed. */
  readonly message?: string
}

export type BreakpointTable = Readonly<Record<string, readonly SourceBreakpoint[]>>

export type BreakpointKind = 'log' | 'conditional' | 'plain'

let nextKey = 1

/** The line on which a breakpoint is shown: where the session put it, else where the user asked. */
export function displayLine(bp: SourceBreakpoint): number {
  return bp.actualLine ?? bp.line
}

/** A log point, a conditional breakpoint (condition or hit count) or a plain one. */
export function breakpointKind(bp: BreakpointOptions): BreakpointKind {
  if (bp.logMessage) return 'log'
  return bp.condition || bp.hitCondition ? 'conditional' : 'plain'
}

/** The breakpoint shown on `line` (or, failing that, the one asked for on it). */
export function breakpointAt(table: BreakpointTable, path: string, line: number): SourceBreakpoint | undefined {
  const list = table[path] ?? []
  return list.find((bp) => displayLine(bp) === line) ?? list.find((bp) => bp.line === line)
}

/** A breakpoint as nothing has confirmed it yet: what it is after an edit, when disabled, or when a session ends. */
function unconfirmed(bp: SourceBreakpoint): SourceBreakpoint {
  const { key, line, enabled, condition, hitCondition, logMessage, temporary, dependsOn, suspendPolicy } = bp
  return { key, line, enabled, ...cleanOptions({ condition, hitCondition, logMessage, temporary, dependsOn, suspendPolicy }), verified: false }
}

/** A suspend policy as stored or typed: "all" or "thread", anything else none (the session's default). */
export function suspendPolicyOf(value: unknown): SuspendPolicy | undefined {
  return value === 'all' || value === 'thread' ? value : undefined
}

/** Options with blank entries dropped (DAP clients send "" for a cleared condition; we send nothing). */
export function cleanOptions(options: BreakpointOptions): BreakpointOptions {
  const out: { -readonly [K in keyof BreakpointOptions]: BreakpointOptions[K] } = {}
  for (const name of ['condition', 'hitCondition', 'logMessage'] as const) {
    const value = options[name]?.trim()
    if (value) out[name] = value
  }
  if (options.temporary === true) out.temporary = true
  const d = options.dependsOn
  if (d && typeof d.path === 'string' && d.path && Number.isInteger(d.line) && d.line > 0) out.dependsOn = { path: d.path, line: d.line }
  const policy = suspendPolicyOf(options.suspendPolicy)
  if (policy) out.suspendPolicy = policy
  return out
}

/** One breakpoint as a DAP SourceBreakpoint (with Bugscope's `dependsOn` and `suspendPolicy`, which other debuggers ignore). */
function toDap(bp: SourceBreakpoint): DebugProtocol.SourceBreakpoint & { dependsOn?: { source: { path: string }; line: number }; suspendPolicy?: SuspendPolicy } {
  const { condition, hitCondition, logMessage, temporary, dependsOn, suspendPolicy } = cleanOptions(bp)
  return {
    line: bp.line,
    ...(condition ? { condition } : {}),
    ...(hitCondition ? { hitCondition } : {}),
    ...(logMessage ? { logMessage } : {}),
    ...(temporary ? { mode: 'temporary' } : {}),
    ...(dependsOn ? { dependsOn: { source: { path: dependsOn.path }, line: dependsOn.line } } : {}),
    ...(suspendPolicy ? { suspendPolicy } : {}),
  }
}

function withList(table: BreakpointTable, path: string, list: readonly SourceBreakpoint[]): BreakpointTable {
  const copy = { ...table }
  if (list.length) copy[path] = [...list].sort((a, b) => a.line - b.line)
  else delete copy[path]
  return copy
}

function newBreakpoint(line: number, options: BreakpointOptions = {}, enabled = true): SourceBreakpoint {
  return { key: nextKey++, line, enabled, verified: false, ...cleanOptions(options) }
}

/** Adds a breakpoint on `line`, or removes the one shown there. */
export function toggleBreakpoint(table: BreakpointTable, path: string, line: number): BreakpointTable {
  const list = table[path] ?? []
  const existing = breakpointAt(table, path, line)
  return withList(table, path, existing ? list.filter((bp) => bp !== existing) : [...list, newBreakpoint(line)])
}

/**
 * Sets the condition, hit count and log message of the breakpoint on `line`, adding one there when there is
 * none. Options replace the old ones as a whole (a blank field clears it); the edited breakpoint is enabled.
 */
export function setBreakpointOptions(table: BreakpointTable, path: string, line: number, options: BreakpointOptions): BreakpointTable {
  const list = table[path] ?? []
  const existing = breakpointAt(table, path, line)
  if (!existing) return withList(table, path, [...list, newBreakpoint(line, options)])
  const { condition, hitCondition, logMessage, temporary, dependsOn, suspendPolicy, ...rest } = existing
  const edited = unconfirmed({ ...rest, ...cleanOptions(options), enabled: true })
  return withList(table, path, list.map((bp) => (bp === existing ? edited : bp)))
}

/** Enables or disables one breakpoint (by key); a disabled one loses what the session said about it. */
export function setBreakpointEnabled(table: BreakpointTable, path: string, key: number, enabled: boolean): BreakpointTable {
  const list = table[path]
  if (!list?.some((bp) => bp.key === key && bp.enabled !== enabled)) return table
  return { ...table, [path]: list.map((bp) => (bp.key === key ? unconfirmed({ ...bp, enabled }) : bp)) }
}

/** Enables or disables every breakpoint; returns the same table when nothing changes. */
export function setAllBreakpointsEnabled(table: BreakpointTable, enabled: boolean): BreakpointTable {
  let changed = false
  const copy: Record<string, readonly SourceBreakpoint[]> = {}
  for (const [path, list] of Object.entries(table)) {
    copy[path] = list.map((bp) => {
      if (bp.enabled === enabled) return bp
      changed = true
      return unconfirmed({ ...bp, enabled })
    })
  }
  return changed ? copy : table
}

export function removeBreakpoint(table: BreakpointTable, path: string, key: number): BreakpointTable {
  const list = table[path]
  if (!list?.some((bp) => bp.key === key)) return table
  return withList(table, path, list.filter((bp) => bp.key !== key))
}

/**
 * Hit counts the tracer accepts: `N` (same as `== N`), `== N`, `>= N`, `> N`, `<= N`, `< N`, `% N`.
 * Returns what is wrong with `text`, or undefined when it is valid (or blank).
 */
export function hitConditionProblem(text: string | undefined): string | undefined {
  const value = text?.trim()
  if (!value) return undefined
  const m = /^(==|>=|<=|>|<|%)?\s*(\d+)$/.exec(value)
  if (!m) return `"${value}" is not a hit count: use N, == N, >= N or % N (N a whole number).`
  if (m[1] === '%' && Number(m[2]) === 0) return '% 0 never matches: use % N with N of 1 or more.'
  return undefined
}

/** The enabled breakpoints of one file: the ones sent, in the order of the request. */
export function sentBreakpoints(table: BreakpointTable, path: string): readonly SourceBreakpoint[] {
  return (table[path] ?? []).filter((bp) => bp.enabled)
}

/** The arguments of a DAP `setBreakpoints` request for one file (disabled breakpoints are left out). */
export function setBreakpointsArguments(table: BreakpointTable, path: string): DebugProtocol.SetBreakpointsArguments {
  const list = sentBreakpoints(table, path)
  return {
    source: { path, name: path.split(/[\\/]/).pop() },
    breakpoints: list.map(toDap),
    lines: list.map((bp) => bp.line),
    sourceModified: false,
  }
}

function fromDap(bp: SourceBreakpoint, answer: DebugProtocol.Breakpoint | undefined): SourceBreakpoint {
  if (!answer) return unconfirmed(bp)
  return {
    ...unconfirmed(bp),
    verified: answer.verified,
    actualLine: answer.line !== undefined && answer.line !== bp.line ? answer.line : undefined,
    dapId: answer.id,
    message: answer.message,
  }
}

/**
 * Applies a `setBreakpoints` response. DAP answers in the order of the request, so `sent` (the list that was
 * sent) pairs each answer with its breakpoint; breakpoints added or disabled meanwhile keep their state.
 */
export function applySetBreakpointsResponse(
  table: BreakpointTable,
  path: string,
  sent: readonly SourceBreakpoint[],
  answers: readonly DebugProtocol.Breakpoint[],
): BreakpointTable {
  const list = table[path]
  if (!list) return table
  // Paired by key: an edit made meanwhile was sent again, and the answer to that later request wins.
  const byKey = new Map(sent.map((bp, i) => [bp.key, answers[i]] as const))
  return { ...table, [path]: list.map((bp) => (bp.enabled && byKey.has(bp.key) ? fromDap(bp, byKey.get(bp.key)) : bp)) }
}

/**
 * Applies a DAP `breakpoint` event (reason 'changed'/'removed') to the breakpoint with that adapter id. A
 * temporary breakpoint the debugger removed (it stopped) leaves the table.
 */
export function applyBreakpointEvent(table: BreakpointTable, body: DebugProtocol.BreakpointEvent['body']): BreakpointTable {
  const id = body.breakpoint.id
  if (id === undefined) return table
  if (body.reason === 'removed') {
    for (const [path, list] of Object.entries(table)) {
      const gone = list.find((bp) => bp.dapId === id && bp.temporary)
      if (gone) return withList(table, path, list.filter((bp) => bp !== gone))
    }
  }
  return updateByDapId(table, [id], (bp) => (body.reason === 'removed' ? unconfirmed(bp) : fromDap(bp, { ...body.breakpoint, id })))
}

/**
 * A stop at breakpoints whose condition failed: the tracer stops and says why in the stop's description; the
 * conditional breakpoints among them keep that message until they are set again.
 */
export function applyStopDescription(table: BreakpointTable, hitBreakpointIds: readonly number[], description: string): BreakpointTable {
  return updateByDapId(table, hitBreakpointIds, (bp) => (bp.condition ? { ...bp, message: description } : bp))
}

function updateByDapId(table: BreakpointTable, ids: readonly number[], change: (bp: SourceBreakpoint) => SourceBreakpoint): BreakpointTable {
  let copy: Record<string, readonly SourceBreakpoint[]> | undefined
  for (const [path, list] of Object.entries(table)) {
    if (!list.some((bp) => bp.dapId !== undefined && ids.includes(bp.dapId))) continue
    copy ??= { ...table }
    copy[path] = list.map((bp) => (bp.dapId !== undefined && ids.includes(bp.dapId) ? change(bp) : bp))
  }
  return copy ?? table
}

/** After a session ends, every breakpoint is unverified again and back on the line the user chose. */
export function resetVerification(table: BreakpointTable): BreakpointTable {
  const copy: Record<string, SourceBreakpoint[]> = {}
  for (const [path, list] of Object.entries(table)) copy[path] = list.map(unconfirmed)
  return copy
}

/** A breakpoint as it is kept for a folder (what the user chose; nothing a session said). */
export interface StoredBreakpoint extends BreakpointOptions {
  readonly path: string
  readonly line: number
  readonly enabled: boolean
}

export function storedBreakpoints(table: BreakpointTable): StoredBreakpoint[] {
  return Object.entries(table).flatMap(([path, list]) =>
    list.map((bp) => ({ path, line: bp.line, enabled: bp.enabled, ...cleanOptions(bp) })),
  )
}

/** Rebuilds a table from stored breakpoints, skipping malformed entries (the store may be old or edited). */
export function tableFromStored(stored: readonly unknown[]): BreakpointTable {
  let table: BreakpointTable = {}
  for (const item of stored) {
    if (!item || typeof item !== 'object') continue
    const s = item as Record<string, unknown>
    if (typeof s.path !== 'string' || !Number.isInteger(s.line) || (s.line as number) < 1) continue
    const text = (name: string) => (typeof s[name] === 'string' ? (s[name] as string) : undefined)
    const dependsOn = s.dependsOn as BreakpointLocation | undefined
    const options = { condition: text('condition'), hitCondition: text('hitCondition'), logMessage: text('logMessage'), temporary: s.temporary === true, dependsOn, suspendPolicy: suspendPolicyOf(s.suspendPolicy) }
    if (breakpointAt(table, s.path, s.line as number)) continue
    table = withList(table, s.path, [...(table[s.path] ?? []), newBreakpoint(s.line as number, options, s.enabled !== false)])
  }
  return table
}

/**
 * Moves the breakpoints of `path` through an edit of the file: `mapLine` gives a line's new number, or null when
 * the edit deleted it (its breakpoint goes). A moved breakpoint loses what the session said about it; when two land
 * on one line the one already there stays. Returns the same table when nothing moves.
 */
export function moveBreakpointLines(table: BreakpointTable, path: string, mapLine: (line: number) => number | null): BreakpointTable {
  const list = table[path]
  if (!list) return table
  let changed = false
  const taken = new Set<number>()
  const kept: SourceBreakpoint[] = []
  // Unmoved ones first, so that a breakpoint pushed onto a line with one keeps the one that was there.
  const mapped = list.map((bp) => ({ bp, line: mapLine(displayLine(bp)) }))
  mapped.sort((a, b) => Number(a.line !== displayLine(a.bp)) - Number(b.line !== displayLine(b.bp)))
  for (const { bp, line } of mapped) {
    if (line === null || taken.has(line)) {
      changed = true
      continue
    }
    taken.add(line)
    if (line === displayLine(bp)) kept.push(bp)
    else {
      changed = true
      kept.push(unconfirmed({ ...bp, line }))
    }
  }
  return changed ? withList(table, path, kept) : table
}
