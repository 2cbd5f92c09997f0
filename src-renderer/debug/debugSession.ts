// The logic of one debug session: the launch/configuration sequence, what each DAP event means, and the
// requests that fill in frames, scopes and variables (threads, stops and resuming: threadControl.ts). It changes
// state only through its SessionSink, which the debug model implements; it never touches the UI.
import type { DebugProtocol } from '@vscode/debugprotocol'
import {
  START_DEBUGGING_EVENT,
  TRACER_INFO_EVENT,
  type AttachArguments,
  type HostApi,
  type LaunchArguments,
  type PathMapping,
  type TracerInfo,
} from '../../src-preload/contract'
import { DapClient, DapError } from './dapClient'
import { dataBreakpointInfo, sendDataBreakpoints, type DataBreakpointList, type DataInfo, type DataTarget } from './dataBreakpoints'
import type { SourceBreakpoint } from './breakpoints'
import { frameById, isLabel, isLiveStack, type ConsoleLineKind, type DebugState, type SessionState } from './debugState'
import { IGNORE_EXCEPTION_AT } from './exceptionInfo'
import type { ExceptionSupport } from './exceptionSettings'
import { SessionConfiguration } from './sessionConfiguration'
import { lastAssignment, moveBack, setRecording, type LastAssignment, type StepBackContext } from './stepBack'
import { ThreadControl } from './threadControl'
import { completions, evaluateForHover, indexedChildren, jumpTo, loadedModules, stepInTargets, valueForClipboard } from './stopActions'
import type { FunctionBreakpointList } from './functionBreakpoints'
import { loadMoreVariables, loadVariables, setVariable, type StopContext } from './variablePages'
import { evaluateWatches, type WatchExpression } from './watches'
import { errorMessage } from '../errorMessage'

/** How the model lets a session change state; every method is a named action of the model. */
export interface SessionSink {
  readonly state: () => DebugState
  /** Changes this session's state (shown or not; ignored once the session has ended). */
  patch(change: (s: SessionState) => SessionState): void
  /** A child process of the program waits for a debugger (the adapter's START_DEBUGGING_EVENT). */
  startChild(request: DebugProtocol.StartDebuggingRequestArguments): void
  breakpointsAnswered(path: string, sent: readonly SourceBreakpoint[], answers: readonly DebugProtocol.Breakpoint[]): void
  breakpointChanged(body: DebugProtocol.BreakpointEvent['body']): void
  functionBreakpointsAnswered(sent: FunctionBreakpointList, answers: readonly DebugProtocol.Breakpoint[]): void
  dataBreakpointsAnswered(sent: DataBreakpointList, answers: readonly DebugProtocol.Breakpoint[]): void
  /** A stop at breakpoints whose condition failed, with the debugger's description of why. */
  breakpointsFailed(hitBreakpointIds: readonly number[], description: string): void
  /** What the debugger could not use of the exception settings (by filter id or `rule:<type>`). */
  exceptionBreakpointsAnswered(problems: Record<string, string>): void
  /** The debugger announced which exception filters it offers. */
  exceptionSupportAnnounced(support: ExceptionSupport): void
  /** Asks the user to confirm suggested path mappings; resolves with the answer. */
  proposePathMappings(suggestions: readonly PathMapping[]): Promise<boolean>
  print(kind: ConsoleLineKind, text: string, value?: { reference: number; indexed?: number }): void
  /** Program output for the terminal, from the program's stdout or stderr. */
  programOutput(text: string, stream: 'stdout' | 'stderr'): void
  error(message: string): void
  frameSelected(frame: DebugProtocol.StackFrame): void
  exited(code: number): void
  ended(): void
  /** The adapter reports a long operation (DAP progress events; see progress.ts). */
  progressStarted(body: DebugProtocol.ProgressStartEvent['body']): void
  progressUpdated(body: DebugProtocol.ProgressUpdateEvent['body']): void
  progressEnded(body: DebugProtocol.ProgressEndEvent['body']): void
}

export const LAUNCH_TIMEOUT_MS = 20_000
/** How long Stop waits for `terminate` before it disconnects anyway. */
export const TERMINATE_GRACE_MS = 1_500
const DISCONNECT_TIMEOUT_MS = 3_000

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class DebugSession {
  readonly client: DapClient
  private capabilities: DebugProtocol.Capabilities = {}
  private ending: Promise<void> | undefined
  private terminatedSeen: () => void = () => {}
  private readonly terminated = new Promise<void>((resolve) => (this.terminatedSeen = resolve))
  private readonly pages: StopContext
  private readonly configuration: SessionConfiguration
  private readonly threads: ThreadControl

  constructor(
    private readonly host: HostApi,
    readonly id: string,
    private readonly sink: SessionSink,
  ) {
    this.client = new DapClient(host, id)
    this.client.onEvent((e) => this.onEvent(e))
    this.pages = {
      client: this.client,
      state: () => this.state,
      patch: (c) => this.sink.patch(c),
      generation: () => this.threads.generation,
      valueFormat: () => (this.sink.state().hexValues ? { hex: true } : undefined),
    }
    this.configuration = new SessionConfiguration(host, this.client, sink, () => !!this.ending, undefined)
    this.threads = new ThreadControl({
      client: this.client,
      sink,
      state: () => this.state,
      capabilities: () => this.capabilities,
      selectFrame: (frameId) => this.selectFrame(frameId),
    })
  }

  private get state(): SessionState | null {
    const s = this.sink.state().session
    return s && s.id === this.id ? s : null
  }

  // ---- lifecycle ----

  /** Stop ends the program: a launch, or a child process of a launched program (attached, but ours); other
   * attached programs are left running (detach). */
  private terminates = true
  /** The launch asked for the program's output in the Debug Console (`"console": "internalConsole"`). */
  private outputToConsole = false
  private launched = false

  /** A launch whose program runs in the Terminal panel, not yet ending: keys typed there are its. */
  get ownsTerminal(): boolean {
    return this.launched && !this.outputToConsole && !this.ending
  }

  /**
   * initialize, then launch (or attach) without waiting: configuration happens on `initialized` (DAP's
   * launch sequence). Resolves true once the adapter answered the launch or attach with success.
   */
  async start(kind: 'launch' | 'attach', args: LaunchArguments | AttachArguments): Promise<boolean> {
    this.terminates = kind === 'launch' || !!(args as AttachArguments).childProcess
    this.outputToConsole = kind === 'launch' && (args as LaunchArguments).console === 'internalConsole'
    this.launched = kind === 'launch'
    if (kind === 'attach') this.configuration.attachArgs = args as AttachArguments
    try {
      const init = await this.client.request<DebugProtocol.InitializeResponse>('initialize', {
        clientID: 'bugscope',
        clientName: 'Bugscope',
        adapterID: 'bugscope',
        pathFormat: 'path',
        linesStartAt1: true,
        columnsStartAt1: true,
        supportsVariableType: true,
        supportsVariablePaging: true,
        supportsProgressReporting: true,
      } satisfies DebugProtocol.InitializeRequestArguments)
      this.capabilities = init.body ?? {}
      this.sink.patch((s) => ({ ...s, capabilities: this.capabilities }))
      this.configuration.announce(this.capabilities, false)
      await this.client.request(kind, args, LAUNCH_TIMEOUT_MS)
      return true
    } catch (err) {
      if (this.ending) return false
      const text = `Could not ${kind === 'attach' ? 'attach' : 'start debugging'}: ${errorMessage(err)}`
      this.sink.print('error', text)
      this.sink.error(text)
      await this.end()
      return false
    }
  }

  /** The attach arguments as finally used (with accepted path mappings), to remember the target. */
  get attachedWith(): AttachArguments | undefined {
    return this.configuration.attachArgs
  }

  private async configure(): Promise<void> {
    await this.configuration.configure()
    try {
      await this.client.request('configurationDone')
    } catch (err) {
      if (!this.ending) this.sink.print('error', `configurationDone failed: ${errorMessage(err)}`)
      return
    }
    this.sink.patch((s) => (s.status === 'initializing' ? { ...s, status: 'running' } : s))
    void this.threads.reconcile()
  }

  /** Sends the breakpoints of one file (after a change during the session). */
  sendIgnored(path: string, line: number, ignore: boolean): Promise<boolean> {
    return this.configuration.sendIgnored({ path, line }, ignore)
  }

  sendFunctionBreakpoints(): Promise<void> {
    return this.configuration.sendFunctionBreakpoints()
  }

  /** What the debugger can watch for "break when value changes" on `target` (dataBreakpoints.ts). */
  dataBreakpointInfo(target: DataTarget): Promise<DataInfo> {
    return dataBreakpointInfo(this.client, this.capabilities, target)
  }

  /** Sends this session's data breakpoints and records what it made of them. */
  async sendDataBreakpoints(): Promise<void> {
    const result = await sendDataBreakpoints(this.client, this.sink.state().dataBreakpoints, this.id)
    if ('error' in result) {
      if (!this.ending) this.sink.print('error', `Data breakpoints: ${result.error}`)
    } else this.sink.dataBreakpointsAnswered(result.sent, result.answers)
  }

  sendBreakpoints(path: string): Promise<void> {
    return this.configuration.sendBreakpoints(path)
  }

  /** Sends the exception settings (after a change during the session). */
  sendExceptionBreakpoints(): Promise<void> {
    return this.configuration.sendExceptionBreakpoints()
  }

  /** Stop: terminate (a graceful end), and after a short grace disconnect with terminateDebuggee. */
  async stop(): Promise<void> {
    if (this.ending) return this.ending
    this.sink.patch((s) => ({ ...s, status: 'terminating' }))
    if (!this.terminates) return this.end() // detach: the program goes on running
    if (this.capabilities.supportsTerminateRequest !== false) {
      this.client.request('terminate', undefined, TERMINATE_GRACE_MS).catch(() => {})
    }
    await Promise.race([this.terminated, delay(TERMINATE_GRACE_MS)])
    await this.end()
  }

  /** Ends the session once: the UI goes idle at once, then disconnect and dispose run. */
  end(): Promise<void> {
    this.ending ??= (async () => {
      this.threads.invalidate()
      this.sink.ended()
      try {
        await this.client.request('disconnect', { terminateDebuggee: this.terminates }, DISCONNECT_TIMEOUT_MS)
      } catch {
        // The adapter may already be gone after `terminated`; disposeSession below kills what is left.
      }
      this.client.dispose()
      try {
        await this.host.disposeSession(this.id)
      } catch (err) {
        console.warn('disposeSession failed', err)
      }
    })()
    return this.ending
  }

  // ---- events ----

  private onEvent(e: DebugProtocol.Event): void {
    switch (e.event) {
      case 'initialized':
        void this.configure()
        break
      case 'stopped':
        void this.threads.stopped((e as DebugProtocol.StoppedEvent).body)
        break
      case 'continued':
        this.threads.continued((e as DebugProtocol.ContinuedEvent).body)
        break
      case 'thread':
        this.threads.threadEvent((e as DebugProtocol.ThreadEvent).body)
        break
      case 'output':
        this.onOutput((e as DebugProtocol.OutputEvent).body)
        break
      case 'breakpoint':
        this.sink.breakpointChanged((e as DebugProtocol.BreakpointEvent).body)
        break
      case 'capabilities': {
        const caps = (e as DebugProtocol.CapabilitiesEvent).body?.capabilities ?? {}
        this.capabilities = { ...this.capabilities, ...caps }
        this.sink.patch((s) => ({ ...s, capabilities: this.capabilities }))
        this.configuration.announce(caps, true)
        if (this.state && this.state.status !== 'initializing') void this.configuration.sendExceptionBreakpoints()
        break
      }
      case 'exited':
        this.sink.exited((e as DebugProtocol.ExitedEvent).body.exitCode)
        break
      case START_DEBUGGING_EVENT:
        this.sink.startChild(e.body as DebugProtocol.StartDebuggingRequestArguments)
        break
      case TRACER_INFO_EVENT:
        this.sink.patch((s) => ({ ...s, tracer: e.body as TracerInfo }))
        break
      case 'progressStart':
        this.sink.progressStarted((e as DebugProtocol.ProgressStartEvent).body)
        break
      case 'progressUpdate':
        this.sink.progressUpdated((e as DebugProtocol.ProgressUpdateEvent).body)
        break
      case 'progressEnd':
        this.sink.progressEnded((e as DebugProtocol.ProgressEndEvent).body)
        break
      case 'terminated':
        this.terminatedSeen()
        void this.end()
        break
    }
  }

  private onOutput(body: DebugProtocol.OutputEvent['body']): void {
    const category = body.category ?? 'console'
    if (category === 'telemetry') return
    if ((category === 'stdout' || category === 'stderr') && !this.outputToConsole) this.sink.programOutput(body.output, category)
    else if (category === 'stdout' || category === 'stderr') this.sink.print(category === 'stderr' ? 'error' : 'output', body.output.replace(/\n$/, ''))
    else this.sink.print(category === 'important' ? 'warning' : 'output', body.output.replace(/\n$/, ''))
  }

  /** "Ignore at this location": the tracer stops no more for exceptions raised at that line. */
  async ignoreExceptionAt(path: string, line: number): Promise<boolean> {
    try {
      await this.client.request(IGNORE_EXCEPTION_AT, { source: { path }, line })
      return true
    } catch (err) {
      this.sink.patch((s) => (s.exception ? { ...s, exception: { ...s.exception, ignoreError: errorMessage(err) } } : s))
      return false
    }
  }

  // ---- threads (threadControl.ts) ----

  /** Shows a thread's stack, stopped or running. */
  selectThread(threadId: number): Promise<void> {
    return this.threads.selectThread(threadId)
  }

  /** Continues one thread only (DAP singleThread). */
  continueThread(threadId: number): Promise<void> {
    return this.threads.continueThread(threadId)
  }

  pauseThread(threadId: number): Promise<void> {
    return this.threads.pauseThread(threadId)
  }

  /** continue / next / stepIn / stepOut on the shown stopped thread. The UI shows "running" at once. */
  resume(command: 'continue' | 'next' | 'stepIn' | 'stepOut', extra: { targetId?: number } = {}): Promise<void> {
    return this.threads.resume(command, extra)
  }

  pause(): Promise<void> {
    return this.threads.pause()
  }

  // ---- step back (stepBack.ts) ----

  private get stepBackContext(): StepBackContext {
    return { client: this.client, state: () => this.state, capabilities: () => this.capabilities }
  }

  /** One recorded line back, or back to the last line with a breakpoint; resolves with the refusal. */
  moveBack(command: 'stepBack' | 'reverseContinue'): Promise<string | undefined> {
    return moveBack(this.stepBackContext, command)
  }

  /** Shows the line that last assigned local `name` of the selected frame; resolves with it, or the refusal. */
  lastAssignment(name: string): Promise<LastAssignment | string> {
    return lastAssignment(this.stepBackContext, name)
  }

  setStepBackRecording(on: boolean): Promise<string | undefined> {
    return setRecording(this.stepBackContext, on)
  }

  // ---- inspection ----

  /** Shows a frame: its source (through the sink) and its scopes; expanded scopes load their variables. */
  async selectFrame(frameId: number, reveal = true): Promise<void> {
    const s = this.state
    const frame = s && frameById(s, frameId)
    if (!s || !frame || isLabel(frame)) return
    if (isLiveStack(s.frames) && s.frames.includes(frame)) {
      // A running thread's stack at one moment: its source can be shown, its frames cannot be inspected.
      this.sink.patch((now) => ({ ...now, selectedFrameId: frameId, scopes: [] }))
      if (reveal) this.sink.frameSelected(frame)
      return
    }
    const generation = this.threads.generation
    this.sink.patch((s) => ({ ...s, selectedFrameId: frameId, scopes: [] }))
    if (reveal) this.sink.frameSelected(frame)
    void this.evaluateWatches(this.sink.state().watches)
    try {
      const response = await this.client.request<DebugProtocol.ScopesResponse>('scopes', { frameId })
      if (generation !== this.threads.generation || this.state?.selectedFrameId !== frameId) return
      const scopes = response.body?.scopes ?? []
      this.sink.patch((s) => ({ ...s, scopes }))
    } catch (err) {
      if (generation === this.threads.generation) this.sink.print('error', `Could not read the scopes: ${errorMessage(err)}`)
    }
  }

  loadVariables(ref: number, indexedVariables?: number): Promise<void> {
    return loadVariables(this.pages, ref, indexedVariables)
  }

  loadMoreVariables(ref: number): Promise<void> {
    return loadMoreVariables(this.pages, ref)
  }

  /** Evaluates watches in the selected frame (context "watch"). */
  /** Moves where the stopped thread goes on to `line` of `path` (DAP gotoTargets + goto). Resolves with the refusal. */
  jumpTo(path: string, line: number): Promise<string | undefined> {
    return jumpTo(this.pages, this.capabilities, path, line)
  }

  completions(text: string, column: number, line: number): Promise<DebugProtocol.CompletionItem[]> {
    return completions(this.pages, this.capabilities, text, column, line)
  }

  loadedModules(): Promise<DebugProtocol.Module[]> {
    return loadedModules(this.pages, this.capabilities)
  }

  indexedChildren(ref: number, start: number, count: number): Promise<DebugProtocol.Variable[]> {
    return indexedChildren(this.pages, ref, start, count)
  }

  /** The whole value of an expression, for the clipboard (DAP context "clipboard": no truncation). */
  valueForClipboard(expression: string): Promise<string | null> {
    return valueForClipboard(this.pages, expression)
  }

  /** Values are formatted differently now (hex): read the shown variables and watches again. */
  reformat(): void {
    if (this.state?.status !== 'stopped') return
    this.sink.patch((s) => ({ ...s, variables: {} }))
    void this.evaluateWatches(this.sink.state().watches)
  }

  evaluateForHover(expression: string): Promise<{ value: string; type?: string } | null> {
    return evaluateForHover(this.pages, expression)
  }

  /** The calls on the selected frame's line that step in can enter (DAP stepInTargets); [] when unsupported. */
  stepInTargets(): Promise<DebugProtocol.StepInTarget[]> {
    return stepInTargets(this.pages, this.capabilities)
  }

  /** Resolves with the debugger's refusal, or undefined once the value is set (watches are evaluated again). */
  async setVariable(container: number, name: string, value: string): Promise<string | undefined> {
    const problem = await setVariable(this.pages, container, name, value)
    if (!problem) void this.evaluateWatches(this.sink.state().watches)
    return problem
  }

  evaluateWatches(watches: readonly WatchExpression[]): Promise<void> {
    return evaluateWatches(this.pages, watches)
  }

  async evaluate(expression: string, frameId: number | undefined): Promise<void> {
    try {
      const response = await this.client.request<DebugProtocol.EvaluateResponse>('evaluate', {
        expression,
        frameId,
        context: 'repl',
      } satisfies DebugProtocol.EvaluateArguments)
      const body = response.body
      this.sink.print('result', body?.result ?? '', body?.variablesReference ? { reference: body.variablesReference, indexed: body.indexedVariables } : undefined)
      // A repl evaluation can change program state: re-read the variables of the shown frame.
      if (frameId !== undefined && this.state?.status === 'stopped') {
        this.sink.patch((s) => ({ ...s, variables: {} }))
        await this.selectFrame(frameId, false)
      }
    } catch (err) {
      this.sink.print('error', err instanceof DapError ? err.message : errorMessage(err))
    }
  }
}
