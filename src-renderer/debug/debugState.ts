// The shape of the debug model's state. Everything here is an immutable snapshot read by the panels.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { PathMapping, ThreadWithState, TracerInfo } from '../../src-preload/contract'
import type { TasksBody } from './asyncTasks'
import type { DataBreakpointList } from './dataBreakpoints'
import type { FunctionBreakpointList } from './functionBreakpoints'
import type { ProcessEntry } from './processes'
import type { ProgressList } from './progress'
import type { BreakpointTable } from './breakpoints'
import type { ExceptionView } from './exceptionInfo'
import { BUGSCOPE_EXCEPTION_SUPPORT, emptyExceptionSettings, type ExceptionSettings, type ExceptionSupport } from './exceptionSettings'
import type { WatchExpression, WatchResult } from './watches'

/**
 * initializing: initialize/launch sent, configuration not done yet; running; stopped (the stopped thread's
 * stack is shown); terminating: Stop was pressed and the session is being torn down.
 */
export type SessionStatus = 'initializing' | 'running' | 'stopped' | 'terminating'

/** Children of one variablesReference, loaded on demand. Valid only until the debuggee resumes. */
export interface VariableChildren {
  readonly items: readonly DebugProtocol.Variable[]
  readonly loading: boolean
  readonly error?: string
  /** For paged indexed containers: where the next page starts, when there is one. */
  readonly nextStart?: number
  /** For paged indexed containers: how many indexed children there are in all. */
  readonly indexedTotal?: number
}

export interface SessionState {
  readonly id: string
  readonly status: SessionStatus
  /** What the debugger said it supports (initialize, then `capabilities` events). */
  readonly capabilities: DebugProtocol.Capabilities
  /** The threads, with their state ("running"/"stopped" and why) when the debugger says (Bugscope's tracer). */
  readonly threads: readonly ThreadWithState[]
  readonly stoppedThreadId?: number
  /** The thread whose stack is shown (the stopped one unless the user picked another, stopped or running). */
  readonly selectedThreadId?: number
  readonly stopReason?: string
  readonly frames: readonly DebugProtocol.StackFrame[]
  readonly selectedFrameId?: number
  readonly scopes: readonly DebugProtocol.Scope[]
  readonly variables: Readonly<Record<number, VariableChildren>>
  /** Which interpreter and tracing engine run the program, once the tracer has attached. */
  readonly tracer?: TracerInfo
  /** Watch values in the selected frame, by watch id; dropped when the debuggee resumes. */
  readonly watchResults: Readonly<Record<number, WatchResult>>
  /** The exception the stopped thread is on (stop reason "exception"), until closed or resumed. */
  readonly exception?: ExceptionView
  /** The asyncio tasks of the shown stopped thread's event loop (Bugscope's tracer only), until it resumes. */
  readonly tasks?: TasksBody & { readonly threadId: number }
  /**
   * The stop shows the past (step back): `stepsBack` recorded lines before the live stop, of `of` recorded.
   * Its frames and variables are the recording's, read-only. Absent at a live stop.
   */
  readonly past?: PastPosition
}

/** Where a stop that steps back is (the tracer's `past` in its stopped event). */
export interface PastPosition {
  readonly stepsBack: number
  readonly of: number
}

export type ConsoleLineKind = 'input' | 'result' | 'error' | 'info' | 'warning' | 'output'

export interface ConsoleLine {
  readonly id: number
  readonly kind: ConsoleLineKind
  readonly text: string
  /** A result that has children: they expand like variables (valid until the program resumes). */
  readonly reference?: number
  readonly indexed?: number
}

export interface DebugState {
  readonly breakpoints: BreakpointTable
  /** Breakpoints on functions by name (`module.func`, `Class.method`). */
  readonly functionBreakpoints: FunctionBreakpointList
  /** "Break when value changes" on values of the running sessions (each goes with its session). */
  readonly dataBreakpoints: DataBreakpointList
  /** Watch expressions, in the order the user added them. */
  readonly watches: readonly WatchExpression[]
  /** Which exceptions stop the program: filter choices and per-type rules. */
  readonly exceptionSettings: ExceptionSettings
  /** The exception filters the debugger offers (Bugscope's own until a session announces its list). */
  readonly exceptionSupport: ExceptionSupport
  /** The debug session shown (the launched program, or one of its child processes), or null when idle. */
  readonly session: SessionState | null
  /** The launched program first, then the child processes being debugged (each a session); [] when idle. */
  readonly processes: readonly ProcessEntry[]
  /** True from the moment Start is pressed until the session exists (createSession in flight). */
  readonly starting: boolean
  /** A restart (Ctrl+Shift+F5) is under way: from its stop until the new session has started. */
  readonly restarting?: boolean
  readonly console: readonly ConsoleLine[]
  /** Expansion of scope and variable rows, keyed by their name path (kept across steps and sessions). */
  readonly expanded: Readonly<Record<string, boolean>>
  /** Exit code of the last debuggee, for the status bar. */
  readonly lastExitCode?: number
  /** What the debugger said about exception settings it could not use, by filter id or `rule:<type>`. */
  readonly exceptionProblems: Readonly<Record<string, string>>
  /** Path mappings suggested for an attach session, waiting for the user to accept or decline them. */
  readonly pathMappingProposal?: readonly PathMapping[]
  /** Integers in Variables and Watch are shown in hexadecimal (DAP value formatting). */
  readonly hexValues: boolean
  /** Long operations the debug adapters report (DAP progress events), oldest first; [] when none. */
  readonly progress: ProgressList
}

export const initialDebugState: DebugState = {
  breakpoints: {},
  functionBreakpoints: [],
  dataBreakpoints: [],
  watches: [],
  exceptionSettings: emptyExceptionSettings,
  exceptionSupport: BUGSCOPE_EXCEPTION_SUPPORT,
  exceptionProblems: {},
  session: null,
  processes: [],
  starting: false,
  console: [],
  expanded: {},
  hexValues: false,
  progress: [],
}

export function newSessionState(id: string): SessionState {
  return { id, status: 'initializing', capabilities: {}, threads: [], frames: [], scopes: [], variables: {}, watchResults: {} }
}

/**
 * What a stop is called: DAP's `description` is the full text ("Paused on an uncaught exception") and is
 * shown as it is; a bare reason ("breakpoint", "step") is prefixed.
 */
export function pausedText(stopReason: string | undefined): string {
  if (!stopReason) return 'Paused'
  return /^(paused|showing the past)\b/i.test(stopReason) ? stopReason : `Paused on ${stopReason}`
}

/** The frame whose source and variables are shown: a call stack frame, or a level of an asyncio task. */
export function selectedFrame(session: SessionState | null): DebugProtocol.StackFrame | undefined {
  if (!session || session.selectedFrameId === undefined) return undefined
  return frameById(session, session.selectedFrameId)
}

/** A frame of the shown stack or of a task's await chain (their ids are frame ids of the same stop). */
export function frameById(session: SessionState, frameId: number): DebugProtocol.StackFrame | undefined {
  return (
    session.frames.find((f) => f.id === frameId) ??
    session.tasks?.tasks.flatMap((t) => t.awaitChain).find((f) => f.id === frameId)
  )
}

/** A row of the call stack that is not a frame ("awaited by Task-2 (main)", "running: …"): shown, never selected. */
export function isLabel(frame: DebugProtocol.StackFrame): boolean {
  return frame.presentationHint === 'label'
}

/** The stack of a running thread at one moment: it starts with a label row, and its frames cannot be inspected. */
export function isLiveStack(frames: readonly DebugProtocol.StackFrame[]): boolean {
  return frames.length > 0 && isLabel(frames[0])
}

/** Whether a thread is stopped: its own state when the debugger says, else the session's. */
export function isThreadStopped(thread: ThreadWithState, session: SessionState): boolean {
  return thread.state ? thread.state === 'stopped' : session.status === 'stopped'
}

/** The thread that continue and the steps act on: the selected one when it is stopped, else the stopped one. */
export function actionThreadId(session: SessionState): number | undefined {
  const selected = session.threads.find((t) => t.id === session.selectedThreadId)
  if (selected && isThreadStopped(selected, session) && !isLiveStack(session.frames)) return selected.id
  return session.stoppedThreadId ?? session.selectedThreadId ?? session.threads[0]?.id
}

/** Expansion key of a scope row; variable rows append `/name`. */
export function scopeKey(scope: DebugProtocol.Scope): string {
  return `scope:${scope.name}`
}

/** Scopes are expanded by default only when they are the first (locals) and not marked expensive. */
export function isScopeExpanded(state: DebugState, scope: DebugProtocol.Scope, index: number): boolean {
  const explicit = state.expanded[scopeKey(scope)]
  if (explicit !== undefined) return explicit
  return index === 0 && !scope.expensive
}
