// The logic of one debug session: the launch/configuration sequence, what each DAP event means, and the
// requests that fill in threads, frames, scopes and variables. It changes state only through its SessionSink,
// which the debug model implements; it never touches the UI.
import type { DebugProtocol } from '@vscode/debugprotocol'
import {
  SET_PATH_MAPPINGS,
  TRACER_INFO_EVENT,
  type AttachArguments,
  type HostApi,
  type LaunchArguments,
  type PathMapping,
  type TracerInfo,
} from '../../src-preload/contract'
import { DapClient, DapError } from './dapClient'
import { setBreakpointsArguments, type SourceBreakpoint } from './breakpoints'
import type { ConsoleLineKind, DebugState, SessionState } from './debugState'

/** How the model lets a session change state; every method is a named action of the model. */
export interface SessionSink {
  readonly state: () => DebugState
  /** Changes this session's state (ignored once the session is no longer the current one). */
  patch(change: (s: SessionState) => SessionState): void
  breakpointsAnswered(path: string, sent: readonly SourceBreakpoint[], answers: readonly DebugProtocol.Breakpoint[]): void
  breakpointChanged(body: DebugProtocol.BreakpointEvent['body']): void
  /** Asks the user to confirm suggested path mappings; resolves with the answer. */
  proposePathMappings(suggestions: readonly PathMapping[]): Promise<boolean>
  print(kind: ConsoleLineKind, text: string): void
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
export const VARIABLES_PAGE = 100

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

  constructor(
    private readonly host: HostApi,
    readonly id: string,
    private readonly sink: SessionSink,
  ) {
    this.client = new DapClient(host, id)
    this.client.onEvent((e) => this.onEvent(e))
  }

  private get state(): SessionState | null {
    const s = this.sink.state().session
    return s && s.id === this.id ? s : null
  }

  // ---- lifecycle ----

  /** Launched programs are ended by Stop; attached ones are left running (detach). */
  private kind: 'launch' | 'attach' = 'launch'
  private attachArgs: AttachArguments | undefined

  /**
   * initialize, then launch (or attach) without waiting: configuration happens on `initialized` (DAP's
   * launch sequence). Resolves true once the adapter answered the launch or attach with success.
   */
  async start(kind: 'launch' | 'attach', args: LaunchArguments | AttachArguments): Promise<boolean> {
    this.kind = kind
    if (kind === 'attach') this.attachArgs = args as AttachArguments
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

  /**
   * Attach without mappings to a program whose files live elsewhere: suggest mappings from its source paths
   * matched against the open folder, and apply them if the user agrees, before any breakpoint is sent.
   */
  private async offerPathMappings(): Promise<void> {
    if (this.kind !== 'attach' || (this.attachArgs?.pathMappings?.length ?? 0) > 0) return
    try {
      const loaded = await this.client.request<DebugProtocol.LoadedSourcesResponse>('loadedSources')
      const remotePaths = (loaded.body?.sources ?? []).map((s) => s.path).filter((p): p is string => !!p)
      const suggestions = await this.host.suggestPathMappings(remotePaths)
      if (suggestions.length === 0 || !(await this.sink.proposePathMappings(suggestions))) return
      await this.client.request(SET_PATH_MAPPINGS, { pathMappings: suggestions })
      this.attachArgs = { ...this.attachArgs!, pathMappings: suggestions }
      this.sink.print('info', `Path mappings: ${suggestions.map((m) => `${m.remoteRoot} → ${m.localRoot}`).join(', ')}`)
    } catch (err) {
      this.sink.print('warning', `Could not suggest path mappings: ${message(err)}`)
    }
  }

  /** The attach arguments as finally used (with accepted path mappings), to remember the target. */
  get attachedWith(): AttachArguments | undefined {
    return this.attachArgs
  }

  private async configure(): Promise<void> {
    await this.offerPathMappings()
    const table = this.sink.state().breakpoints
    await Promise.all(Object.keys(table).map((path) => this.sendBreakpoints(path)))
    try {
      await this.client.request('setExceptionBreakpoints', { filters: [] })
    } catch (err) {
      this.sink.print('warning', `Exception breakpoints: ${message(err)}`)
    }
    try {
      await this.client.request('configurationDone')
    } catch (err) {
      if (!this.ending) this.sink.print('error', `configurationDone failed: ${message(err)}`)
      return
    }
    this.sink.patch((s) => (s.status === 'initializing' ? { ...s, status: 'running' } : s))
    void this.refreshThreads()
  }

  /** Sends the breakpoints of one file and records what the session made of them. */
  async sendBreakpoints(path: string): Promise<void> {
    const table = this.sink.state().breakpoints
    const sent = table[path] ?? []
    const args = setBreakpointsArguments(table, path)
    try {
      const response = await this.client.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', args)
      this.sink.breakpointsAnswered(path, sent, response.body?.breakpoints ?? [])
    } catch (err) {
      if (!this.ending) this.sink.print('error', `Breakpoints in ${args.source.name}: ${message(err)}`)
    }
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
      frames: [],
      selectedFrameId: undefined,
      scopes: [],
      variables: {},
    }))
    try {
      const threads = await this.fetchThreads()
      if (generation !== this.generation) return
      const threadId = body.threadId ?? threads[0]?.id
      if (threadId === undefined) return
      this.sink.patch((s) => ({ ...s, threads, stoppedThreadId: threadId, selectedThreadId: threadId }))
      await this.showThread(threadId, generation)
    } catch (err) {
      if (generation === this.generation) this.sink.print('error', `Could not read the stopped thread: ${message(err)}`)
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
    try {
      const response = await this.client.request<DebugProtocol.ScopesResponse>('scopes', { frameId })
      if (generation !== this.generation || this.state?.selectedFrameId !== frameId) return
      const scopes = response.body?.scopes ?? []
      this.sink.patch((s) => ({ ...s, scopes }))
    } catch (err) {
      if (generation === this.generation) this.sink.print('error', `Could not read the scopes: ${message(err)}`)
    }
  }

  /** Loads the children of a variablesReference (first page of a large indexed container). */
  async loadVariables(ref: number, indexedVariables?: number): Promise<void> {
    const current = this.state?.variables[ref]
    if (current && !current.error) return
    const paged = indexedVariables !== undefined && indexedVariables > VARIABLES_PAGE
    const args: DebugProtocol.VariablesArguments = paged
      ? { variablesReference: ref, filter: 'indexed', start: 0, count: VARIABLES_PAGE }
      : { variablesReference: ref }
    await this.fetchVariables(ref, args, [], paged ? indexedVariables : undefined)
  }

  /** Loads the next page of a paged container. */
  async loadMoreVariables(ref: number): Promise<void> {
    const current = this.state?.variables[ref]
    if (!current || current.loading || current.nextStart === undefined) return
    const args = { variablesReference: ref, filter: 'indexed', start: current.nextStart, count: VARIABLES_PAGE } as const
    await this.fetchVariables(ref, args, current.items, current.indexedTotal)
  }

  private async fetchVariables(
    ref: number,
    args: DebugProtocol.VariablesArguments,
    before: readonly DebugProtocol.Variable[],
    indexedTotal: number | undefined,
  ): Promise<void> {
    const generation = this.generation
    const setChildren = (children: SessionState['variables'][number]) =>
      this.sink.patch((s) => ({ ...s, variables: { ...s.variables, [ref]: children } }))
    setChildren({ items: before, loading: true, indexedTotal })
    try {
      const response = await this.client.request<DebugProtocol.VariablesResponse>('variables', args)
      if (generation !== this.generation) return
      const got = response.body?.variables ?? []
      const items = [...before, ...got]
      // An adapter that ignores paging returns everything at once: then there is no next page.
      const pageEnd = (args.start ?? 0) + (args.count ?? 0)
      const nextStart =
        indexedTotal !== undefined && args.count !== undefined && got.length <= args.count && pageEnd < indexedTotal
          ? pageEnd
          : undefined
      setChildren({ items, loading: false, nextStart, indexedTotal })
    } catch (err) {
      if (generation === this.generation) setChildren({ items: before, loading: false, error: message(err) })
    }
  }

  async evaluate(expression: string, frameId: number | undefined): Promise<void> {
    try {
      const response = await this.client.request<DebugProtocol.EvaluateResponse>('evaluate', {
        expression,
        frameId,
        context: 'repl',
      } satisfies DebugProtocol.EvaluateArguments)
      this.sink.print('result', response.body?.result ?? '')
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
        : { ...s, status: 'running', stopReason: undefined, frames: [], selectedFrameId: undefined, scopes: [], variables: {} },
    )
  }

  /** continue / next / stepIn / stepOut on the stopped thread. The UI shows "running" at once. */
  async resume(command: 'continue' | 'next' | 'stepIn' | 'stepOut'): Promise<void> {
    const s = this.state
    if (!s || s.status !== 'stopped') return
    const threadId = s.selectedThreadId ?? s.stoppedThreadId ?? s.threads[0]?.id ?? 0
    this.markRunning()
    try {
      await this.client.request(command, { threadId })
    } catch (err) {
      this.sink.print('error', `${command} failed: ${message(err)}`)
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
