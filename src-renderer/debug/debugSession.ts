// The logic of one debug session: the launch/configuration sequence, what each DAP event means, and the
// requests that fill in threads, frames, scopes and variables. It changes state only through its SessionSink,
// which the debug model implements; it never touches the UI.
import type { DebugProtocol } from '@vscode/debugprotocol'
import {
  TRACER_INFO_EVENT,
  type AttachArguments,
  type HostApi,
  type LaunchArguments,
  type PathMapping,
  type TracerInfo,
} from '../../src-preload/contract'
import { DapClient, DapError } from './dapClient'
import type { SourceBreakpoint } from './breakpoints'
import type { ConsoleLineKind, DebugState, SessionState } from './debugState'
import { fetchExceptionInfo, IGNORE_EXCEPTION_AT } from './exceptionInfo'
import type { ExceptionSupport } from './exceptionSettings'
import { SessionConfiguration } from './sessionConfiguration'
import { completions, evaluateForHover, indexedChildren, jumpTo, loadedModules, stepInTargets, valueForClipboard } from './stopActions'
import type { FunctionBreakpointList } from './functionBreakpoints'
import { loadMoreVariables, loadVariables, setVariable, type StopContext } from './variablePages'
import { evaluateWatches, type WatchExpression } from './watches'

/** How the model lets a session change state; every method is a named action of the model. */
export interface SessionSink {
  readonly state: () => DebugState
  /** Changes this session's state (ignored once the session is no longer the current one). */
  patch(change: (s: SessionState) => SessionState): void
  breakpointsAnswered(path: string, sent: readonly SourceBreakpoint[], answers: readonly DebugProtocol.Breakpoint[]): void
  breakpointChanged(body: DebugProtocol.BreakpointEvent['body']): void
  functionBreakpointsAnswered(sent: FunctionBreakpointList, answers: readonly DebugProtocol.Breakpoint[]): void
  /** A stop at breakpoints whose condition failed, with the debugger's description of why. */
  breakpointsFailed(hitBreakpointIds: readonly number[], description: string): void
  /** What the debugger could not use of the exception settings (by filter id or `rule:<type>`). */
  exceptionBreakpointsAnswered(problems: Record<string, string>): void
  /** The debugger announced which exception filters it offers. */
  exceptionSupportAnnounced(support: ExceptionSupport): void
  /** Asks the user to confirm suggested path mappings; resolves with the answer. */
  proposePathMappings(suggestions: readonly PathMapping[]): Promise<boolean>
  print(kind: ConsoleLineKind, text: string, value?: { reference: number; indexed?: number }): void
  programOutput(text: string): void
  error(message: string): void
  frameSelected(frame: DebugProtocol.StackFrame): void
  exited(code: number): void
  ended(): void
}

export const LAUNCH_TIMEOUT_MS = 20_000
/** How long Stop waits for `terminate` before it disconnects anyway. */
export const TERMINATE_GRACE_MS = 1_500
const DISCONNECT_TIMEOUT_MS = 3_000

/** What a stop reads (frames, scopes, variables, watch results, the exception): empty at each stop and resume. */
const NOTHING_READ = {
  frames: [],
  selectedFrameId: undefined,
  scopes: [],
  variables: {},
  watchResults: {},
  exception: undefined,
} as const satisfies Partial<SessionState>

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class DebugSession {
  readonly client: DapClient
  private capabilities: DebugProtocol.Capabilities = {}
  /** Bumped whenever the debuggee resumes or stops, so answers to older requests are dropped. */
  private generation = 0
  private ending: Promise<void> | undefined
  private terminatedSeen: () => void = () => {}
  private readonly terminated = new Promise<void>((resolve) => (this.terminatedSeen = resolve))
  private readonly pages: StopContext
  private readonly configuration: SessionConfiguration

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
      generation: () => this.generation,
      valueFormat: () => (this.sink.state().hexValues ? { hex: true } : undefined),
    }
    this.configuration = new SessionConfiguration(host, this.client, sink, () => !!this.ending, undefined)
  }

  private get state(): SessionState | null {
    const s = this.sink.state().session
    return s && s.id === this.id ? s : null
  }

  // ---- lifecycle ----

  /** Launched programs are ended by Stop; attached ones are left running (detach). */
  private kind: 'launch' | 'attach' = 'launch'

  /**
   * initialize, then launch (or attach) without waiting: configuration happens on `initialized` (DAP's
   * launch sequence). Resolves true once the adapter answered the launch or attach with success.
   */
  async start(kind: 'launch' | 'attach', args: LaunchArguments | AttachArguments): Promise<boolean> {
    this.kind = kind
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
      } satisfies DebugProtocol.InitializeRequestArguments)
      this.capabilities = init.body ?? {}
      this.sink.patch((s) => ({ ...s, capabilities: this.capabilities }))
      this.configuration.announce(this.capabilities, false)
      await this.client.request(kind, args, LAUNCH_TIMEOUT_MS)
      return true
    } catch (err) {
      if (this.ending) return false
      const text = `Could not ${kind === 'attach' ? 'attach' : 'start debugging'}: ${message(err)}`
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
      if (!this.ending) this.sink.print('error', `configurationDone failed: ${message(err)}`)
      return
    }
    this.sink.patch((s) => (s.status === 'initializing' ? { ...s, status: 'running' } : s))
    void this.refreshThreads()
  }

  /** Sends the breakpoints of one file (after a change during the session). */
  sendIgnored(path: string, line: number, ignore: boolean): Promise<boolean> {
    return this.configuration.sendIgnored({ path, line }, ignore)
  }

  sendFunctionBreakpoints(): Promise<void> {
    return this.configuration.sendFunctionBreakpoints()
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
    if (this.kind === 'attach') return this.end() // detach: the program goes on running
    if (this.capabilities.supportsTerminateRequest !== false) {
      this.client.request('terminate', undefined, TERMINATE_GRACE_MS).catch(() => {})
    }
    await Promise.race([this.terminated, delay(TERMINATE_GRACE_MS)])
    await this.end()
  }

  /** Ends the session once: the UI goes idle at once, then disconnect and dispose run. */
  end(): Promise<void> {
    this.ending ??= (async () => {
      this.generation++
      this.sink.ended()
      try {
        await this.client.request('disconnect', { terminateDebuggee: this.kind === 'launch' }, DISCONNECT_TIMEOUT_MS)
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
        void this.onStopped((e as DebugProtocol.StoppedEvent).body)
        break
      case 'continued':
        this.markRunning()
        break
      case 'thread':
        void this.refreshThreads()
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
      case TRACER_INFO_EVENT:
        this.sink.patch((s) => ({ ...s, tracer: e.body as TracerInfo }))
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
    if (category === 'stdout' || category === 'stderr') this.sink.programOutput(body.output)
    else this.sink.print(category === 'important' ? 'warning' : 'output', body.output.replace(/\n$/, ''))
  }

  private async onStopped(body: DebugProtocol.StoppedEvent['body']): Promise<void> {
    const generation = ++this.generation
    this.sink.patch((s) => ({
      ...s,
      status: 'stopped',
      stoppedThreadId: body.threadId,
      selectedThreadId: body.threadId,
      stopReason: body.description ?? body.reason,
      ...NOTHING_READ,
    }))
    if (body.reason === 'breakpoint' && body.description && body.hitBreakpointIds?.length) {
      this.sink.breakpointsFailed(body.hitBreakpointIds, body.description)
    }
    try {
      const threads = await this.fetchThreads()
      if (generation !== this.generation) return
      const threadId = body.threadId ?? threads[0]?.id
      if (threadId === undefined) return
      this.sink.patch((s) => ({ ...s, threads, stoppedThreadId: threadId, selectedThreadId: threadId }))
      await this.showThread(threadId, generation)
      if (body.reason === 'exception' && generation === this.generation) await this.showException(threadId, body, generation)
    } catch (err) {
      if (generation === this.generation) this.sink.print('error', `Could not read the stopped thread: ${message(err)}`)
    }
  }

  private async showException(threadId: number, stop: DebugProtocol.StoppedEvent['body'], generation: number): Promise<void> {
    const top = this.state?.frames[0]
    const view = await fetchExceptionInfo(this.client, threadId, !!this.capabilities.supportsExceptionInfoRequest, stop)
    if (generation !== this.generation) return
    const location = top?.source?.path ? { path: top.source.path, line: top.line } : undefined
    this.sink.patch((s) => ({ ...s, exception: { ...view, location } }))
  }

  /** "Ignore at this location": the tracer stops no more for exceptions raised at that line. */
  async ignoreExceptionAt(path: string, line: number): Promise<boolean> {
    try {
      await this.client.request(IGNORE_EXCEPTION_AT, { source: { path }, line })
      return true
    } catch (err) {
      this.sink.patch((s) => (s.exception ? { ...s, exception: { ...s.exception, ignoreError: message(err) } } : s))
      return false
    }
  }

  private async fetchThreads(): Promise<DebugProtocol.Thread[]> {
    const response = await this.client.request<DebugProtocol.ThreadsResponse>('threads')
    return response.body?.threads ?? []
  }

  private async refreshThreads(): Promise<void> {
    try {
      const threads = await this.fetchThreads()
      this.sink.patch((s) => ({ ...s, threads }))
    } catch {
      // Threads are refreshed again on the next stop; a missed refresh while running is harmless.
    }
  }

  private async showThread(threadId: number, generation: number): Promise<void> {
    const response = await this.client.request<DebugProtocol.StackTraceResponse>('stackTrace', {
      threadId,
      startFrame: 0,
      levels: 200,
    } satisfies DebugProtocol.StackTraceArguments)
    if (generation !== this.generation) return
    const frames = response.body?.stackFrames ?? []
    this.sink.patch((s) => ({ ...s, selectedThreadId: threadId, frames }))
    if (frames[0]) await this.selectFrame(frames[0].id)
  }

  // ---- user actions while stopped ----

  async selectThread(threadId: number): Promise<void> {
    if (this.state?.status !== 'stopped') return
    try {
      await this.showThread(threadId, this.generation)
    } catch (err) {
      this.sink.print('error', `Could not read thread ${threadId}: ${message(err)}`)
    }
  }

  /** Shows a frame: its source (through the sink) and its scopes; expanded scopes load their variables. */
  async selectFrame(frameId: number, reveal = true): Promise<void> {
    const frame = this.state?.frames.find((f) => f.id === frameId)
    if (!frame) return
    const generation = this.generation
    this.sink.patch((s) => ({ ...s, selectedFrameId: frameId, scopes: [] }))
    if (reveal) this.sink.frameSelected(frame)
    void this.evaluateWatches(this.sink.state().watches)
    try {
      const response = await this.client.request<DebugProtocol.ScopesResponse>('scopes', { frameId })
      if (generation !== this.generation || this.state?.selectedFrameId !== frameId) return
      const scopes = response.body?.scopes ?? []
      this.sink.patch((s) => ({ ...s, scopes }))
    } catch (err) {
      if (generation === this.generation) this.sink.print('error', `Could not read the scopes: ${message(err)}`)
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
      this.sink.print('error', err instanceof DapError ? err.message : message(err))
    }
  }

  // ---- execution control ----

  private markRunning(): void {
    this.generation++
    this.sink.patch((s) =>
      s.status === 'terminating'
        ? s
        : {
            ...s,
            status: 'running',
            stopReason: undefined,
            ...NOTHING_READ,
          },
    )
  }

  /** continue / next / stepIn / stepOut on the stopped thread. The UI shows "running" at once. */
  async resume(command: 'continue' | 'next' | 'stepIn' | 'stepOut', extra: { targetId?: number } = {}): Promise<void> {
    const s = this.state
    if (!s || s.status !== 'stopped') return
    const threadId = s.selectedThreadId ?? s.stoppedThreadId ?? s.threads[0]?.id ?? 0
    this.markRunning()
    const generation = this.generation
    try {
      await this.client.request(command, { threadId, ...extra })
    } catch (err) {
      this.sink.print('error', `${command} failed: ${message(err)}`)
      // The thread did not resume (a step refused in frames that finished running): show the stop again.
      if (this.generation === generation) {
        this.generation++
        this.sink.patch((now) => (now.status === 'running' ? { ...s, threads: now.threads } : now))
      }
    }
  }

  async pause(): Promise<void> {
    const s = this.state
    if (!s || s.status !== 'running') return
    try {
      const threads = s.threads.length ? s.threads : await this.fetchThreads()
      await this.client.request('pause', { threadId: threads[0]?.id ?? 0 })
    } catch (err) {
      this.sink.print('error', `Pause failed: ${message(err)}`)
    }
  }
}
