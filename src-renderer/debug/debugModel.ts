// The debug model: breakpoints, the current session (threads, frames, scopes, variables) and the debug console.
// State changes only through the named actions below; panels read `store` and call actions, never DAP.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { AttachArguments, HostApi, LaunchArguments, SuspendPolicy } from '../../src-preload/contract'
import * as table from './breakpoints'
import * as data from './dataBreakpoints'
import * as fn from './functionBreakpoints'
import type { BreakpointOptions } from './breakpoints'
import { DebugSession, type SessionSink } from './debugSession'
import {
  initialDebugState,
  newSessionState,
  selectedFrame,
  type ConsoleLineKind,
  type DebugState,
  type SessionState,
} from './debugState'
import * as exceptions from './exceptionSettings'
import type { RestoredFolderState } from './folderState'
import * as processes from './processes'
import { ProgramTerminal } from './programTerminal'
import * as progress from './progress'
import { Emitter, Store } from './store'
import { TerminalStreams } from './terminalStreams'
import * as watches from './watches'
import { errorMessage } from '../errorMessage'

const MAX_CONSOLE_LINES = 5000
const MAX_OUTPUT_HISTORY = 1_000_000
/** How long a restart waits for the stopped session to end (Stop itself gives up after a few seconds). */
const RESTART_END_TIMEOUT_MS = 10_000

export interface DebugModelOptions {
  /** Shows an error to the user (the workbench's notification banner). */
  onError?: (message: string) => void
  /** Whether new sessions record for step back (the workbench setting), unless their configuration says. */
  recordsStepBack?: () => boolean
}

export class DebugModel {
  readonly store = new Store<DebugState>(initialDebugState)
  /** Program output (stdout/stderr) and session messages for the terminal, as raw text with \n line ends. */
  readonly onProgramOutput = new Emitter<string>()
  /** A frame was selected: the workbench opens its source at its line. */
  readonly onFrameSelected = new Emitter<DebugProtocol.StackFrame>()

  /** The session shown (the launched program's, or a child process's); actions act on it. */
  private session: DebugSession | null = null
  /** Every live session: the launched program's (`rootId`) and its child processes'. */
  private readonly sessions = new Map<string, DebugSession>()
  private rootId: string | null = null
  /** The state of each session that is not shown (the shown one's is `state.session`). */
  private readonly parked = new Map<string, SessionState>()
  private proposalAnswer: ((accept: boolean) => void) | undefined
  /** The last launch or attach of a program (never a child process's): what restart starts again. */
  private lastStart: { kind: 'launch'; args: LaunchArguments } | { kind: 'attach'; args: AttachArguments } | undefined
  /** The last MAX_OUTPUT_HISTORY characters of terminal output (a little more), as the pieces that came. */
  private outputHistory: string[] = []
  private outputHistoryHead = 0
  private outputHistoryChars = 0
  private consoleId = 0
  /** Colours stderr in the terminal; shared by every session, as the terminal is. */
  private readonly terminalStreams = new TerminalStreams()
  /** The launched program's terminal: its size, and keys typed into it. */
  readonly terminal = new ProgramTerminal(() => {
    const root = this.rootId ? this.sessions.get(this.rootId) : undefined
    return root?.ownsTerminal ? root.client : undefined
  })

  constructor(
    private readonly host: HostApi,
    private readonly options: DebugModelOptions = {},
  ) {}

  get state(): DebugState {
    return this.store.get()
  }

  /** Everything written to the terminal so far (so a terminal created later can replay it). */
  programOutputHistory(): string {
    return this.outputHistory.slice(this.outputHistoryHead).join('').slice(-MAX_OUTPUT_HISTORY)
  }

  // ---- breakpoints ----

  toggleBreakpoint(path: string, line: number): void {
    this.changeBreakpoints((t) => table.toggleBreakpoint(t, path, line))
  }

  /** Sets condition, hit count and log message of the breakpoint on `line` (adding one there if needed). */
  setBreakpointOptions(path: string, line: number, options: BreakpointOptions): void {
    this.changeBreakpoints((t) => table.setBreakpointOptions(t, path, line, options))
  }

  setBreakpointEnabled(path: string, key: number, enabled: boolean): void {
    this.changeBreakpoints((t) => table.setBreakpointEnabled(t, path, key, enabled))
  }

  setAllBreakpointsEnabled(enabled: boolean): void {
    this.changeBreakpoints((t) => table.setAllBreakpointsEnabled(t, enabled))
  }

  removeBreakpoint(path: string, key: number): void {
    this.changeBreakpoints((t) => table.removeBreakpoint(t, path, key))
  }

  /** An edit of `path` moved its lines: each breakpoint goes to its line's new number, or away with its line. */
  moveBreakpointLines(path: string, mapLine: (line: number) => number | null): void {
    this.changeBreakpoints((t) => table.moveBreakpointLines(t, path, mapLine))
  }

  removeAllBreakpoints(): void {
    this.changeBreakpoints(() => ({}))
  }

  /** Applies a change to the table and sends every file whose breakpoints changed (an emptied file too). */
  /** Adds a breakpoint on a function by name: `module.func`, `Class.method` or `func`. */
  addFunctionBreakpoint(name: string): void {
    this.changeFunctionBreakpoints((list) => fn.addFunctionBreakpoint(list, name))
  }

  removeFunctionBreakpoint(key: number): void {
    this.changeFunctionBreakpoints((list) => fn.removeFunctionBreakpoint(list, key))
  }

  setFunctionBreakpointEnabled(key: number, enabled: boolean): void {
    this.changeFunctionBreakpoints((list) => fn.setFunctionBreakpointEnabled(list, key, enabled))
  }

  /** What a function breakpoint's stop suspends: every thread, only its own, or (undefined) the session's default. */
  setFunctionBreakpointSuspendPolicy(key: number, policy: SuspendPolicy | undefined): void {
    this.changeFunctionBreakpoints((list) => fn.setFunctionBreakpointSuspendPolicy(list, key, policy))
  }

  // ---- data breakpoints ----

  /**
   * "Break when value changes" on a variable (a child listed under a variables reference) or a watch expression
   * (in the selected frame) of the shown session. What cannot be watched is said in the console, with why.
   */
  async breakOnValueChange(target: data.DataTarget): Promise<void> {
    const session = this.session
    if (!session || this.state.session?.status !== 'stopped') return
    const frameId = selectedFrame(this.state.session)?.id
    const info = await session.dataBreakpointInfo('expression' in target && target.frameId === undefined ? { ...target, frameId } : target)
    if ('problem' in info) {
      this.print('warning', `Cannot break when ${'name' in target ? target.name : target.expression} changes: ${info.problem}`)
      return
    }
    this.changeDataBreakpoints(session.id, (list) => data.addDataBreakpoint(list, session.id, info.dataId, info.description))
  }

  removeDataBreakpoint(key: number): void {
    this.changeDataBreakpointByKey(key, (list) => data.removeDataBreakpoint(list, key))
  }

  setDataBreakpointEnabled(key: number, enabled: boolean): void {
    this.changeDataBreakpointByKey(key, (list) => data.setDataBreakpointEnabled(list, key, enabled))
  }

  /** Sets a data breakpoint's condition (`old` and `new` are the two values) and hit count; blank clears one. */
  setDataBreakpointOptions(key: number, options: data.DataBreakpointOptions): void {
    this.changeDataBreakpointByKey(key, (list) => data.setDataBreakpointOptions(list, key, options))
  }

  private changeDataBreakpointByKey(key: number, change: (list: data.DataBreakpointList) => data.DataBreakpointList): void {
    const sessionId = this.state.dataBreakpoints.find((b) => b.key === key)?.sessionId
    if (sessionId !== undefined) this.changeDataBreakpoints(sessionId, change)
  }

  private changeDataBreakpoints(sessionId: string, change: (list: data.DataBreakpointList) => data.DataBreakpointList): void {
    const before = this.state.dataBreakpoints
    this.store.update((s) => ({ ...s, dataBreakpoints: change(s.dataBreakpoints) }))
    if (this.state.dataBreakpoints !== before) void this.sessions.get(sessionId)?.sendDataBreakpoints()
  }

  private changeFunctionBreakpoints(change: (list: fn.FunctionBreakpointList) => fn.FunctionBreakpointList): void {
    const before = this.state.functionBreakpoints
    this.store.update((s) => ({ ...s, functionBreakpoints: change(s.functionBreakpoints) }))
    if (this.state.functionBreakpoints === before) return
    for (const session of this.configuredSessions()) void session.sendFunctionBreakpoints()
  }

  private changeBreakpoints(change: (t: table.BreakpointTable) => table.BreakpointTable): void {
    const before = this.state.breakpoints
    this.store.update((s) => ({ ...s, breakpoints: change(s.breakpoints) }))
    const after = this.state.breakpoints
    for (const session of this.configuredSessions()) {
      for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (before[path] !== after[path]) void session.sendBreakpoints(path)
      }
    }
  }

  /** Sessions that have been configured, so changes go to them now (before, configure() sends them all). */
  private configuredSessions(): DebugSession[] {
    return [...this.sessions.values()].filter((session) => {
      const s = this.sessionState(session.id)
      return !!s && s.status !== 'initializing' && s.status !== 'terminating'
    })
  }

  private sessionState(id: string): SessionState | undefined {
    const shown = this.state.session
    return shown && shown.id === id ? shown : this.parked.get(id)
  }

  // ---- watches ----

  addWatch(expression: string): void {
    this.changeWatches((list) => watches.addWatch(list, expression))
  }

  /** Changes a watch's expression; blank text removes the watch. */
  editWatch(id: number, expression: string): void {
    this.changeWatches((list) => watches.editWatch(list, id, expression))
  }

  removeWatch(id: number): void {
    this.changeWatches((list) => watches.removeWatch(list, id))
  }

  /** Changes the list; while stopped, new and edited expressions are evaluated in the selected frame. */
  private changeWatches(change: (list: readonly watches.WatchExpression[]) => readonly watches.WatchExpression[]): void {
    const before = new Set(this.state.watches)
    this.store.update((s) => ({ ...s, watches: change(s.watches) }))
    const changed = this.state.watches.filter((w) => !before.has(w))
    if (changed.length && this.state.session?.status === 'stopped') void this.session?.evaluateWatches(changed)
  }

  // ---- exception settings ----

  setExceptionFilterEnabled(filterId: string, enabled: boolean): void {
    this.changeExceptionSettings((x) => exceptions.setFilterEnabled(x, filterId, enabled))
  }

  /** Sets a filter's condition (a Python expression; blank clears it). */
  setExceptionFilterCondition(filterId: string, condition: string): void {
    this.changeExceptionSettings((x) => exceptions.setFilterCondition(x, filterId, condition))
  }

  /** Adds a per-type rule (`ValueError`, `mypkg.errors.Fatal`) or changes its break mode. */
  setExceptionRule(name: string, mode: exceptions.ExceptionRule['mode']): void {
    this.changeExceptionSettings((x) => exceptions.setRule(x, name, mode))
  }

  removeExceptionRule(name: string): void {
    this.changeExceptionSettings((x) => exceptions.removeRule(x, name))
  }

  private changeExceptionSettings(change: (x: exceptions.ExceptionSettings) => exceptions.ExceptionSettings): void {
    this.store.update((s) => ({ ...s, exceptionSettings: change(s.exceptionSettings) }))
    for (const session of this.configuredSessions()) void session.sendExceptionBreakpoints()
  }

  /** "Ignore at this location" in the exception widget: the tracer stops no more for exceptions raised there. */
  async ignoreExceptionHere(): Promise<void> {
    const location = this.state.session?.exception?.location
    if (!this.session || !location) return
    if (await this.session.ignoreExceptionAt(location.path, location.line)) {
      this.store.update((s) => ({ ...s, exceptionSettings: exceptions.setIgnored(s.exceptionSettings, location, true) }))
      this.print('info', `Exceptions raised at ${location.path}:${location.line} are ignored (listed under Breakpoints, kept for this folder).`)
      this.closeExceptionWidget()
    }
  }

  /** Stops again for exceptions raised at a location ignored earlier. */
  async unignoreException(path: string, line: number): Promise<void> {
    this.store.update((s) => ({ ...s, exceptionSettings: exceptions.setIgnored(s.exceptionSettings, { path, line }, false) }))
    await Promise.all(this.configuredSessions().map((session) => session.sendIgnored(path, line, false)))
  }

  closeExceptionWidget(): void {
    this.store.update((s) => (s.session?.exception ? { ...s, session: { ...s.session, exception: undefined } } : s))
  }

  // ---- folder state ----

  /** Replaces breakpoints, watches and exception settings with a folder's (when a folder is opened). */
  restoreFolderState(restored: RestoredFolderState): void {
    this.changeBreakpoints(() => restored.breakpoints)
    this.changeFunctionBreakpoints(() => restored.functionBreakpoints)
    this.store.update((s) => ({ ...s, watches: restored.watches }))
    this.changeExceptionSettings(() => restored.exceptionSettings)
  }

  // ---- session lifecycle ----

  /** Starts a debug session for `config`. Errors are reported, never thrown. */
  async start(config: LaunchArguments): Promise<void> {
    await this.begin('launch', config, `Launching ${config.program ?? config.module ?? ''}`)
  }

  /**
   * Attaches to a listening tracer. Resolves true once attached; then the target (and its token, where the
   * host can keep it safely) is remembered for the attach dialog. Errors are reported, never thrown.
   */
  async attach(args: AttachArguments): Promise<boolean> {
    const host = args.connect?.host ?? args.host ?? '127.0.0.1'
    const port = args.connect?.port ?? args.port
    const started = await this.begin('attach', args, `Attaching to ${host}:${port}${args.tls || args.tlsFingerprint ? ' (TLS)' : ''}`)
    if (!started?.ok) return false
    const used = started.session.attachedWith ?? args
    this.lastStart = { kind: 'attach', args: used } // with the path mappings accepted, so a restart asks no more
    const target = { host, port: port!, tls: !!(used.tls || used.tlsFingerprint), tlsFingerprint: used.tlsFingerprint, pathMappings: used.pathMappings ?? [] }
    await this.host.rememberAttachTarget({ ...target, token: used.token }).catch((err: unknown) => {
      this.print('warning', `Could not remember this target: ${errorMessage(err)}`)
    })
    return true
  }

  private async begin(
    kind: 'launch' | 'attach',
    args: LaunchArguments | AttachArguments,
    banner: string,
  ): Promise<{ session: DebugSession; ok: boolean } | null> {
    if (this.session || this.state.starting) return null
    this.lastStart = kind === 'launch' ? { kind, args: args as LaunchArguments } : { kind, args: args as AttachArguments }
    if (args.stepBack === undefined && this.options.recordsStepBack?.()) args = { ...args, stepBack: true }
    // The program runs on a terminal of the panel's size (a restart takes the size of the moment).
    if (kind === 'launch' && (args as LaunchArguments).console !== 'internalConsole') args = { ...args, terminal: this.terminal.size }
    this.store.update((s) => ({ ...s, starting: true, lastExitCode: undefined }))
    this.print('info', banner)
    let id: string
    try {
      id = await this.host.createSession()
    } catch (err) {
      this.store.update((s) => ({ ...s, starting: false }))
      this.reportError(`Could not create a debug session: ${errorMessage(err)}`)
      return null
    }
    const session = new DebugSession(this.host, id, this.sinkFor(id))
    this.session = session
    this.sessions.set(id, session)
    this.rootId = id
    const name = processName(kind, args)
    this.store.update((s) => ({ ...s, starting: false, session: newSessionState(id), processes: [processes.rootProcess(id, name)] }))
    return { session, ok: await session.start(kind, args) }
  }

  /**
   * A child process of the program waits for a debugger (the adapter's START_DEBUGGING_EVENT): it becomes its
   * own session, attached with the configuration the adapter gave, and joins the process list.
   */
  private async startChild(request: DebugProtocol.StartDebuggingRequestArguments): Promise<void> {
    if (!this.rootId) return
    const configuration = request.configuration as AttachArguments & { name?: string }
    let id: string
    try {
      id = await this.host.createSession()
    } catch (err) {
      this.print('error', `Could not debug child process ${configuration.childProcess?.pid ?? ''}: ${errorMessage(err)}`)
      return
    }
    if (!this.rootId) {
      void this.host.disposeSession(id).catch(() => undefined)
      return
    }
    const session = new DebugSession(this.host, id, this.sinkFor(id))
    this.sessions.set(id, session)
    this.parked.set(id, newSessionState(id))
    const entry = processes.childProcess(id, configuration)
    this.store.update((s) => ({ ...s, processes: [...s.processes, entry] }))
    this.print('info', `Debugging child process ${entry.name}${entry.pid ? ` (pid ${entry.pid})` : ''}`)
    await session.start('attach', configuration)
  }

  /** Shows one process of the tree (its threads, stack and variables); the actions then act on it. */
  selectProcess(sessionId: string): void {
    const target = this.sessions.get(sessionId)
    const shown = this.state.session
    if (!target || !shown || shown.id === sessionId) return
    const next = this.parked.get(sessionId)
    if (!next) return
    this.parked.delete(sessionId)
    this.parked.set(shown.id, shown)
    this.session = target
    this.store.update((s) => ({ ...s, session: next }))
    const frame = selectedFrame(next)
    if (frame) this.onFrameSelected.fire(frame)
  }

  /** The user's answer to suggested path mappings (see `pathMappingProposal`). */
  answerPathMappings(accept: boolean): void {
    const answer = this.proposalAnswer
    this.proposalAnswer = undefined
    this.store.update((s) => ({ ...s, pathMappingProposal: undefined }))
    answer?.(accept)
  }

  private sinkFor(id: string): SessionSink {
    const isCurrent = () => this.session?.id === id
    return {
      state: () => this.state,
      patch: (change) => this.patchSession(id, change),
      startChild: (request) => void this.startChild(request),
      breakpointsAnswered: (path, sent, answers) => {
        if (!isCurrent()) return
        this.store.update((s) => ({ ...s, breakpoints: table.applySetBreakpointsResponse(s.breakpoints, path, sent, answers) }))
      },
      proposePathMappings: (suggestions) => {
        if (!isCurrent()) return Promise.resolve(false)
        this.answerPathMappings(false) // an older question is answered "no"
        this.store.update((s) => ({ ...s, pathMappingProposal: suggestions }))
        return new Promise<boolean>((resolve) => (this.proposalAnswer = resolve))
      },
      breakpointChanged: (body) => {
        this.store.update((s) => ({ ...s, dataBreakpoints: data.applyDataBreakpointEvent(s.dataBreakpoints, id, body) }))
        if (!isCurrent()) return
        this.store.update((s) => ({
          ...s,
          breakpoints: table.applyBreakpointEvent(s.breakpoints, body),
          functionBreakpoints: fn.applyFunctionBreakpointEvent(s.functionBreakpoints, body),
        }))
      },
      dataBreakpointsAnswered: (sent, answers) => {
        this.store.update((s) => ({ ...s, dataBreakpoints: data.applyDataBreakpointsResponse(s.dataBreakpoints, sent, answers) }))
      },
      functionBreakpointsAnswered: (sent, answers) => {
        if (!isCurrent()) return
        this.store.update((s) => ({ ...s, functionBreakpoints: fn.applyFunctionBreakpointsResponse(s.functionBreakpoints, sent, answers) }))
      },
      breakpointsFailed: (ids, description) => {
        if (!isCurrent()) return
        this.store.update((s) => ({ ...s, breakpoints: table.applyStopDescription(s.breakpoints, ids, description) }))
      },
      exceptionBreakpointsAnswered: (problems) => {
        if (isCurrent()) this.store.update((s) => ({ ...s, exceptionProblems: problems }))
      },
      exceptionSupportAnnounced: (support) => {
        if (isCurrent()) this.store.update((s) => ({ ...s, exceptionSupport: support }))
      },
      print: (kind, text, value) => this.print(kind, text, value),
      programOutput: (text, stream) => this.writeTerminal(this.terminalStreams.format(text, stream)),
      error: (message) => this.options.onError?.(message),
      frameSelected: (frame) => {
        if (isCurrent()) this.onFrameSelected.fire(frame)
      },
      exited: (code) => {
        if (id !== this.rootId) {
          const child = this.state.processes.find((p) => p.sessionId === id)
          this.print('info', `Child process ${child?.name ?? ''}${child?.pid ? ` (pid ${child.pid})` : ''} exited with code ${code}`)
          return
        }
        const text = `Process exited with code ${code}`
        this.writeTerminal(`\n${text}\n`)
        this.print('info', text)
        this.store.update((s) => ({ ...s, lastExitCode: code }))
      },
      ended: () => this.sessionEnded(id),
      progressStarted: (body) => {
        if (this.sessions.has(id)) this.changeProgress((list) => progress.startProgress(list, id, body))
      },
      progressUpdated: (body) => this.changeProgress((list) => progress.updateProgress(list, id, body)),
      progressEnded: (body) => this.changeProgress((list) => progress.endProgress(list, id, body)),
    }
  }

  /** The long operations under way (debug/progress.ts): the store changes only when the list does. */
  private changeProgress(change: (list: progress.ProgressList) => progress.ProgressList): void {
    this.store.update((s) => {
      const next = change(s.progress)
      return next === s.progress ? s : { ...s, progress: next }
    })
  }

  /** A session's state changed: the shown one's in `state.session`, another's where it is parked. */
  private patchSession(id: string, change: (s: SessionState) => SessionState): void {
    if (!this.sessions.has(id)) return
    const shown = this.state.session
    if (shown && shown.id === id) {
      this.store.update((s) => {
        if (!s.session || s.session.id !== id) return s
        const session = change(s.session)
        return { ...s, session, processes: processState(s.processes, session) }
      })
      return
    }
    const parked = this.parked.get(id)
    if (!parked) return
    const next = change(parked)
    this.parked.set(id, next)
    const list = processState(this.state.processes, next)
    if (list !== this.state.processes) this.store.update((s) => ({ ...s, processes: processState(s.processes, next) }))
    // A child process that stops while the shown one runs comes to the front, as a stop of a thread does.
    if (next.status === 'stopped' && parked.status !== 'stopped' && shown?.status !== 'stopped') this.selectProcess(id)
  }

  /** A session ended: a child process leaves the tree; the launched program's end ends the whole tree. */
  private sessionEnded(id: string): void {
    const session = this.sessions.get(id)
    if (!session) return
    // A data breakpoint names a value of that program: it goes with it (all of them with the launched program).
    this.store.update((s) => ({ ...s, dataBreakpoints: id === this.rootId ? [] : data.forgetSession(s.dataBreakpoints, id) }))
    this.changeProgress((list) => progress.forgetSessionProgress(list, id))
    this.sessions.delete(id)
    this.parked.delete(id)
    if (id !== this.rootId) {
      const wasShown = this.session?.id === id
      this.store.update((s) => ({ ...s, processes: processes.removeProcess(s.processes, id) }))
      if (wasShown) {
        const root = this.rootId ? this.sessions.get(this.rootId) : undefined
        const next = root ? this.parked.get(root.id) : undefined
        this.session = root ?? null
        if (root) this.parked.delete(root.id)
        this.store.update((s) => ({ ...s, session: next ?? null }))
      }
      return
    }
    this.rootId = null
    const children = [...this.sessions.values()]
    this.sessions.clear()
    this.parked.clear()
    for (const child of children) void child.end()
    this.answerPathMappings(false)
    this.session = null
    this.store.update((s) => ({
      ...s,
      session: null,
      processes: [],
      breakpoints: table.resetVerification(s.breakpoints),
      functionBreakpoints: fn.resetFunctionVerification(s.functionBreakpoints),
      exceptionProblems: {},
    }))
    this.print('info', 'Debug session ended.')
  }

  /** Stop (Shift+F5): the launched program and its whole process tree end (an attached program is left running). */
  async stop(): Promise<void> {
    const root = this.rootId ? this.sessions.get(this.rootId) : this.session
    await root?.stop()
  }

  /**
   * Restart (Ctrl+Shift+F5): stops the program's whole process tree (a child process shown restarts with it,
   * from the launched program), waits for its session to end, and starts the same launch, or attach, again.
   * Nothing happens while no session runs or another restart is under way.
   */
  async restart(): Promise<void> {
    const last = this.lastStart
    if (!last || !this.session || this.state.restarting) return
    this.store.update((s) => ({ ...s, restarting: true }))
    try {
      await this.stop()
      if (!(await this.whenIdle(RESTART_END_TIMEOUT_MS))) {
        this.reportError('Could not restart: the session did not end. Stop it (Shift+F5) and start again (F5).')
        return
      }
      if (last.kind === 'launch') await this.start(last.args)
      else await this.attach(last.args)
    } finally {
      this.store.update((s) => ({ ...s, restarting: false }))
    }
  }

  /** Resolves true once no session runs (false after `timeoutMs`). */
  private whenIdle(timeoutMs: number): Promise<boolean> {
    const idle = () => !this.session && !this.state.session && !this.state.starting
    if (idle()) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs)
      const unsubscribe = this.store.subscribe(() => idle() && done(true))
      function done(result: boolean) {
        clearTimeout(timer)
        unsubscribe()
        resolve(result)
      }
    })
  }

  // ---- execution control ----

  continue(): Promise<void> {
    return this.session?.resume('continue') ?? Promise.resolve()
  }

  stepOver(): Promise<void> {
    return this.session?.resume('next') ?? Promise.resolve()
  }

  stepIn(): Promise<void> {
    return this.session?.resume('stepIn') ?? Promise.resolve()
  }

  /** Jumps the paused thread to `line` of `path` (its innermost frame); a refusal is printed in the console. */
  async jumpTo(path: string, line: number): Promise<void> {
    const refused = await this.session?.jumpTo(path, line)
    if (refused) this.print('error', `Jump to line ${line}: ${refused}`)
  }

  /** Console completions for `text` with the caret at `column` of `line` (both 1-based), in the selected frame. */
  completions(text: string, column: number, line: number): Promise<DebugProtocol.CompletionItem[]> {
    return this.session?.completions(text, column, line) ?? Promise.resolve([])
  }

  /** The modules the debugged program has loaded, its own code first. */
  loadedModules(): Promise<DebugProtocol.Module[]> {
    return this.session?.loadedModules() ?? Promise.resolve([])
  }

  /** One page of a container's indexed children (rows of an array or a DataFrame), for a grid view. */
  indexedChildren(ref: number, start: number, count: number): Promise<DebugProtocol.Variable[]> {
    return this.session?.indexedChildren(ref, start, count) ?? Promise.resolve([])
  }

  /** Shows integers in hexadecimal (or not) in Variables and Watch; the shown values are read again. */
  setHexValues(on: boolean): void {
    if (this.state.hexValues === on) return
    this.store.update((s) => ({ ...s, hexValues: on }))
    this.session?.reformat()
  }

  /** The whole value of a variable for the clipboard: evaluated in full when it has an expression, else as shown. */
  async valueForClipboard(variable: DebugProtocol.Variable): Promise<string> {
    const full = variable.evaluateName ? await this.session?.valueForClipboard(variable.evaluateName) : null
    return full ?? variable.value
  }

  /** The value of a hovered expression in the selected frame, or null (not paused, not a value there). */
  evaluateForHover(expression: string): Promise<{ value: string; type?: string } | null> {
    return this.session?.evaluateForHover(expression) ?? Promise.resolve(null)
  }

  /** The calls of the current line that "step into target" can enter. */
  stepInTargets(): Promise<DebugProtocol.StepInTarget[]> {
    return this.session?.stepInTargets() ?? Promise.resolve([])
  }

  /** Steps into one call of the line (an id from stepInTargets); the line's other calls run on. */
  stepIntoTarget(targetId: number): Promise<void> {
    return this.session?.resume('stepIn', { targetId }) ?? Promise.resolve()
  }

  /**
   * Runs until the program reaches `line` of `path`: a one-shot (temporary) breakpoint there and continue. If the
   * program stops anywhere else first, or the session ends, that breakpoint goes.
   */
  async runToCursor(path: string, line: number): Promise<void> {
    if (this.state.session?.status !== 'stopped' || !this.session) return
    if (table.breakpointAt(this.state.breakpoints, path, line)) return this.continue()
    this.store.update((s) => ({ ...s, breakpoints: table.setBreakpointOptions(s.breakpoints, path, line, { temporary: true }) }))
    const added = table.breakpointAt(this.state.breakpoints, path, line)
    await this.session.sendBreakpoints(path)
    let resumed = false
    const unsubscribe = this.store.subscribe(() => {
      const status = this.state.session?.status
      if (status === 'running') resumed = true
      if (this.state.session && !(resumed && status === 'stopped')) return
      unsubscribe()
      if (added && (this.state.breakpoints[path] ?? []).some((bp) => bp.key === added.key)) this.removeBreakpoint(path, added.key)
    })
    await this.continue()
  }

  stepOut(): Promise<void> {
    return this.session?.resume('stepOut') ?? Promise.resolve()
  }

  // ---- step back (debug/stepBack.ts) ----

  /** One recorded line back: the stop shows the past, read-only (a forward step comes back). */
  async stepBack(): Promise<void> {
    const refused = await this.session?.moveBack('stepBack')
    if (refused) this.print('error', `Step back: ${refused}`)
  }

  /** Back to the last recorded line with a breakpoint (or the oldest recorded line). */
  async reverseContinue(): Promise<void> {
    const refused = await this.session?.moveBack('reverseContinue')
    if (refused) this.print('error', `Reverse continue: ${refused}`)
  }

  /** "Where did this value come from?": shows the recorded line that last assigned local `name`. */
  async lastAssignment(name: string): Promise<void> {
    const found = await this.session?.lastAssignment(name)
    if (found === undefined) return
    if (typeof found === 'string') this.print('error', `Where did ${name} come from: ${found}`)
    else this.print('info', `${name} was last assigned on line ${found.line} (${found.stepsBack} steps back): it became ${found.value}`)
  }

  /** Switches recording for step back on or off in the running sessions (new sessions follow the setting). */
  async setStepBackRecording(on: boolean): Promise<void> {
    for (const session of this.configuredSessions()) {
      const refused = await session.setStepBackRecording(on)
      if (refused) this.print('error', `Recording for step back: ${refused}`)
    }
  }

  pause(): Promise<void> {
    return this.session?.pause() ?? Promise.resolve()
  }

  // ---- inspection ----

  selectThread(threadId: number): Promise<void> {
    return this.session?.selectThread(threadId) ?? Promise.resolve()
  }

  /** Continues one thread only (DAP singleThread); the others stay stopped or running as they are. */
  continueThread(threadId: number): Promise<void> {
    return this.session?.continueThread(threadId) ?? Promise.resolve()
  }

  /** Pauses one thread (under suspend policy "all" the tracer pauses every thread). */
  pauseThread(threadId: number): Promise<void> {
    return this.session?.pauseThread(threadId) ?? Promise.resolve()
  }

  selectFrame(frameId: number): Promise<void> {
    return this.session?.selectFrame(frameId) ?? Promise.resolve()
  }

  setExpanded(key: string, expanded: boolean): void {
    this.store.update((s) => ({ ...s, expanded: { ...s.expanded, [key]: expanded } }))
  }

  /** Sets a variable of `container` to the value of `value` (a Python expression); resolves with the refusal. */
  setVariable(container: number, name: string, value: string): Promise<string | undefined> {
    return this.session?.setVariable(container, name, value) ?? Promise.resolve('No debug session.')
  }

  loadVariables(variablesReference: number, indexedVariables?: number): Promise<void> {
    return this.session?.loadVariables(variablesReference, indexedVariables) ?? Promise.resolve()
  }

  loadMoreVariables(variablesReference: number): Promise<void> {
    return this.session?.loadMoreVariables(variablesReference) ?? Promise.resolve()
  }

  /** Debug console: evaluates in the selected frame (context 'repl') and prints the result or the error. */
  async evaluate(expression: string): Promise<void> {
    const text = expression.trim()
    if (!text) return
    this.print('input', text)
    if (!this.session) {
      this.print('error', 'No debug session: start debugging (F5) to evaluate expressions.')
      return
    }
    await this.session.evaluate(text, selectedFrame(this.state.session)?.id)
  }

  clearConsole(): void {
    this.store.update((s) => ({ ...s, console: [] }))
  }

  // ---- output ----

  print(kind: ConsoleLineKind, text: string, value?: { reference: number; indexed?: number }): void {
    const line = { id: ++this.consoleId, kind, text, ...(value ? { reference: value.reference, indexed: value.indexed } : {}) }
    this.store.update((s) => {
      const lines = s.console.length >= MAX_CONSOLE_LINES ? s.console.slice(-MAX_CONSOLE_LINES + 1) : s.console
      return { ...s, console: [...lines, line] }
    })
  }

  private writeTerminal(text: string): void {
    if (!text) return
    // Pieces, not one string: appending and slicing a 1 MB string per output event costs a copy of it each
    // time, which a program printing fast turns into most of the renderer's time.
    const piece = text.length > MAX_OUTPUT_HISTORY ? text.slice(-MAX_OUTPUT_HISTORY) : text
    this.outputHistory.push(piece)
    this.outputHistoryChars += piece.length
    const pieces = this.outputHistory
    while (this.outputHistoryChars - pieces[this.outputHistoryHead].length >= MAX_OUTPUT_HISTORY) {
      this.outputHistoryChars -= pieces[this.outputHistoryHead++].length
    }
    if (this.outputHistoryHead > 4096 && this.outputHistoryHead * 2 > pieces.length) {
      pieces.splice(0, this.outputHistoryHead) // Array.shift copies the whole array each time
      this.outputHistoryHead = 0
    }
    this.onProgramOutput.fire(text)
  }

  private reportError(message: string): void {
    this.print('error', message)
    this.options.onError?.(message)
  }
}

/** The process list with one session's status and pid (known once its tracer attached); the same list if unchanged. */
function processState(list: readonly processes.ProcessEntry[], session: SessionState): readonly processes.ProcessEntry[] {
  const pid = session.tracer?.pid
  return processes.updateProcess(list, session.id, { status: session.status, ...(pid ? { pid } : {}) })
}

function processName(kind: 'launch' | 'attach', args: LaunchArguments | AttachArguments): string {
  if (kind === 'launch') {
    const launch = args as LaunchArguments
    return launch.program ?? launch.module ?? 'python'
  }
  const attach = args as AttachArguments
  return `${attach.connect?.host ?? attach.host ?? '127.0.0.1'}:${attach.connect?.port ?? attach.port}`
}

export type { DebugState, SessionState }
