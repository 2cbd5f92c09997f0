// The threads of one debug session: which are stopped and why, whose stack is shown, and the requests that move
// them (continue and steps; per thread with DAP's singleThread; pause). Bugscope's tracer lists each thread's
// state (ThreadWithState) and may stop every thread or only the one that stopped (suspendPolicy), so after a
// resume another thread can still be stopped: then that one is shown, not "running".
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { ThreadWithState } from '../../src-preload/contract'
import { fetchTasks } from './asyncTasks'
import type { DapClient } from './dapClient'
import { dataStopText } from './dataBreakpoints'
import type { SessionSink } from './debugSession'
import { actionThreadId, isLabel, isLiveStack, isThreadStopped, type SessionState } from './debugState'
import { fetchExceptionInfo } from './exceptionInfo'
import { pastPosition } from './stepBack'
import { errorMessage } from '../errorMessage'

/** What the thread logic needs of its session. */
export interface ThreadContext {
  readonly client: DapClient
  readonly sink: SessionSink
  state(): SessionState | null
  capabilities(): DebugProtocol.Capabilities
  /** Shows a frame: its source and its scopes. */
  selectFrame(frameId: number): Promise<void>
}

/** What a stop reads (frames, scopes, variables, watch results, the exception, tasks): empty at each stop and resume. */
export const NOTHING_READ = {
  frames: [],
  selectedFrameId: undefined,
  scopes: [],
  variables: {},
  watchResults: {},
  exception: undefined,
  tasks: undefined,
  past: undefined,
} as const satisfies Partial<SessionState>

/** After a stop of all threads the others halt at their next line, silently: the list is read again after this. */
const HALT_SETTLE_MS = 300

type Command = 'continue' | 'next' | 'stepIn' | 'stepOut'

export class ThreadControl {
  private gen = 0
  /** `threads` requests asked and answered, so an older answer never replaces a newer one. */
  private threadsAsked = 0
  private threadsShown = 0
  private reconciling: Promise<void> | undefined
  private reconcileAgain = false
  /** The thread a step is under way on: its own stop follows, so no other stopped thread is shown meanwhile. */
  private stepping: number | undefined

  constructor(private readonly ctx: ThreadContext) {}

  /** Bumped whenever the debuggee resumes or stops, so answers to older requests are dropped. */
  get generation(): number {
    return this.gen
  }

  invalidate(): void {
    this.gen++
  }

  // ---- events ----

  async stopped(body: DebugProtocol.StoppedEvent['body']): Promise<void> {
    const generation = ++this.gen
    if (body.threadId === this.stepping) this.stepping = undefined
    const { sink } = this.ctx
    sink.patch((s) => ({
      ...s,
      status: 'stopped',
      stoppedThreadId: body.threadId,
      selectedThreadId: body.threadId,
      stopReason: dataStopText(body) ?? body.description ?? body.reason,
      ...NOTHING_READ,
      past: pastPosition(body), // a step back shows the past (stepBack.ts)
    }))
    if (body.reason === 'breakpoint' && body.description && body.hitBreakpointIds?.length) {
      sink.breakpointsFailed(body.hitBreakpointIds, body.description)
    }
    try {
      const threads = await this.readThreads()
      if (generation !== this.gen) return
      const threadId = body.threadId ?? threads[0]?.id
      if (threadId === undefined) return
      sink.patch((s) => ({ ...s, stoppedThreadId: threadId, selectedThreadId: threadId }))
      if (body.allThreadsStopped && threads.some((t) => t.id !== threadId && t.state === 'running')) this.readThreadsLater(generation)
      await this.showThread(threadId, generation)
      if (body.reason === 'exception' && generation === this.gen) await this.showException(threadId, body, generation)
    } catch (err) {
      if (generation === this.gen) sink.print('error', `Could not read the stopped thread: ${errorMessage(err)}`)
    }
  }

  /**
   * A thread resumed. DAP's allThreadsContinued (absent: true) ends the shown stop; a thread continued alone
   * (singleThread) changes only its own row, unless it is the stopped thread shown. Then the threads are read
   * again, and a thread still stopped (a stop of policy "thread", or one the tracer has queued) is shown.
   */
  continued(body: DebugProtocol.ContinuedEvent['body']): void {
    const s = this.ctx.state()
    if (!s) return
    // With threads' states known (Bugscope), the list read below says which stops a continue of all threads
    // left (the tracer resumes stops of policy "thread" only by their own request); without, DAP's word holds.
    const all = body.allThreadsContinued !== false && !s.threads.some((t) => t.state !== undefined)
    this.ctx.sink.patch((now) => ({ ...now, threads: now.threads.map((t) => (t.id === body.threadId && t.state ? { ...t, state: 'running', reason: undefined } : t)) }))
    if (s.status === 'stopped' && (all || body.threadId === s.stoppedThreadId)) this.markRunning()
    else if (s.status === 'stopped' && body.threadId === s.selectedThreadId && s.stoppedThreadId !== undefined) {
      void this.showThread(s.stoppedThreadId, this.gen).catch(() => undefined) // back to the stop
    }
    void this.reconcile()
  }

  /** A `thread` event (started, exited). */
  threadEvent(body: DebugProtocol.ThreadEvent['body']): void {
    if (body.reason === 'exited' && body.threadId === this.stepping) this.stepping = undefined
    void this.reconcile()
  }

  // ---- reading threads ----

  private async readThreads(): Promise<readonly ThreadWithState[]> {
    const asked = ++this.threadsAsked
    const response = await this.ctx.client.request<DebugProtocol.ThreadsResponse>('threads')
    const threads: readonly ThreadWithState[] = response.body?.threads ?? []
    if (asked > this.threadsShown) {
      this.threadsShown = asked
      this.ctx.sink.patch((s) => ({ ...s, threads }))
    }
    return threads
  }

  private readThreadsLater(generation: number): void {
    setTimeout(() => {
      if (generation === this.gen && this.ctx.state()) void this.readThreads().catch(() => undefined)
    }, HALT_SETTLE_MS)
  }

  /**
   * Reads the threads again; when nothing is shown as stopped but a thread is stopped, shows that thread's stop
   * (one that hit something before one that was only halted). Calls made meanwhile run it once more afterwards.
   */
  reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true
      return this.reconciling
    }
    this.reconciling = (async () => {
      do {
        this.reconcileAgain = false
        await this.reconcileOnce()
      } while (this.reconcileAgain)
    })().finally(() => (this.reconciling = undefined))
    return this.reconciling
  }

  private async reconcileOnce(): Promise<void> {
    const generation = this.gen
    let threads: readonly ThreadWithState[]
    try {
      threads = await this.readThreads()
    } catch {
      return // read again at the next event; a missed refresh while running is harmless
    }
    const s = this.ctx.state()
    if (generation !== this.gen || this.stepping !== undefined || !s) return
    if (s.status === 'stopped') {
      if (threads.find((t) => t.id === s.stoppedThreadId)?.state !== 'running') return
      this.markRunning() // the shown stop was resumed along with another thread's
    } else if (s.status !== 'running') return
    const stopped = threads.filter((t) => t.state === 'stopped')
    const next = stopped.find((t) => t.reason && t.reason !== 'pause') ?? stopped[0]
    if (next) await this.showStop(next)
  }

  /** Shows a thread that is already stopped as the session's stop (status "stopped", its stack, its variables). */
  private async showStop(thread: ThreadWithState): Promise<void> {
    const generation = ++this.gen
    this.ctx.sink.patch((s) => ({
      ...s,
      status: 'stopped',
      stoppedThreadId: thread.id,
      selectedThreadId: thread.id,
      // "pause" is also how the tracer names a thread halted by another thread's stop: just "Paused".
      stopReason: !thread.reason || thread.reason === 'pause' ? 'Paused' : thread.reason,
      ...NOTHING_READ,
    }))
    try {
      await this.showThread(thread.id, generation)
    } catch (err) {
      if (generation === this.gen) this.ctx.sink.print('error', `Could not read thread ${thread.id}: ${errorMessage(err)}`)
    }
  }

  /**
   * Reads a thread's stack and shows it. A stopped thread's top frame is selected and its asyncio tasks are read;
   * a running thread's stack (a label row, then where it is at this moment) is only shown.
   */
  private async showThread(threadId: number, generation: number): Promise<void> {
    const response = await this.ctx.client.request<DebugProtocol.StackTraceResponse>('stackTrace', {
      threadId,
      startFrame: 0,
      levels: 200,
    } satisfies DebugProtocol.StackTraceArguments)
    if (generation !== this.gen) return
    const frames = response.body?.stackFrames ?? []
    this.ctx.sink.patch((s) => ({ ...s, selectedThreadId: threadId, frames, tasks: undefined, ...(isLiveStack(frames) ? { selectedFrameId: undefined, scopes: [], watchResults: {} } : {}) }))
    if (isLiveStack(frames)) return
    const top = frames.find((f) => !isLabel(f))
    if (top) await this.ctx.selectFrame(top.id)
    const tasks = await fetchTasks(this.ctx.client, threadId)
    if (tasks && generation === this.gen && this.ctx.state()?.selectedThreadId === threadId) {
      this.ctx.sink.patch((s) => ({ ...s, tasks: { threadId, ...tasks } }))
    }
  }

  private async showException(threadId: number, stop: DebugProtocol.StoppedEvent['body'], generation: number): Promise<void> {
    const top = this.ctx.state()?.frames[0]
    const view = await fetchExceptionInfo(this.ctx.client, threadId, !!this.ctx.capabilities().supportsExceptionInfoRequest, stop)
    if (generation !== this.gen) return
    const location = top?.source?.path ? { path: top.source.path, line: top.line } : undefined
    this.ctx.sink.patch((s) => ({ ...s, exception: { ...view, location } }))
  }

  // ---- user actions ----

  /**
   * Shows a thread's stack, whether the session is stopped or running: a stopped thread's frames are
   * inspectable; a running thread shows where it is at this moment. While nothing is stopped, selecting a
   * stopped thread (one halted by a stop of all threads) makes its stop the session's.
   */
  async selectThread(threadId: number): Promise<void> {
    const s = this.ctx.state()
    if (!s || s.status === 'initializing' || s.status === 'terminating') return
    const generation = this.gen
    try {
      // Fresh states: a thread halted silently since the list was read shows as paused now.
      const threads = await this.readThreads()
      if (generation !== this.gen) return
      const thread = threads.find((t) => t.id === threadId)
      const now = this.ctx.state()
      if (now && now.status !== 'stopped' && thread && isThreadStopped(thread, now)) return await this.showStop(thread)
      await this.showThread(threadId, generation)
    } catch (err) {
      if (generation === this.gen) this.ctx.sink.print('error', `Could not read thread ${threadId}: ${errorMessage(err)}`)
    }
  }

  private markRunning(): void {
    this.gen++
    this.ctx.sink.patch((s) => (s.status === 'terminating' ? s : { ...s, status: 'running', stopReason: undefined, ...NOTHING_READ }))
  }

  /**
   * continue / next / stepIn / stepOut on the shown thread (the selected one when it is stopped, else the stopped
   * one). The UI shows "running" at once; after a continue, a thread that is still stopped is shown.
   */
  async resume(command: Command, extra: { targetId?: number } = {}): Promise<void> {
    const s = this.ctx.state()
    if (!s || s.status !== 'stopped') return
    const threadId = actionThreadId(s) ?? 0
    this.stepping = command === 'continue' ? undefined : threadId
    this.markRunning()
    const generation = this.gen
    try {
      await this.ctx.client.request(command, { threadId, ...extra })
    } catch (err) {
      this.stepping = undefined
      this.ctx.sink.print('error', `${command} failed: ${errorMessage(err)}`)
      // The thread did not resume (a step refused in frames that finished running): show the stop again.
      if (this.gen === generation) {
        this.gen++
        this.ctx.sink.patch((now) => (now.status === 'running' ? { ...s, threads: now.threads } : now))
      }
      return
    }
    // A debugger that says which threads are stopped may have left some (stops of policy "thread", queued ones).
    if (command === 'continue' && s.threads.some((t) => t.state !== undefined)) await this.reconcile()
  }

  /** Continues one thread only (DAP singleThread); every other thread stays as it is. */
  async continueThread(threadId: number): Promise<void> {
    const s = this.ctx.state()
    if (!s) return
    if (!this.ctx.capabilities().supportsSingleThreadExecutionRequests) {
      // Without singleThread a continue resumes every thread: that is the toolbar's Continue.
      if (s.status === 'stopped' && threadId === actionThreadId(s)) await this.resume('continue')
      return
    }
    if (s.status === 'stopped' && threadId === s.stoppedThreadId) this.markRunning()
    try {
      await this.ctx.client.request('continue', { threadId, singleThread: true } satisfies DebugProtocol.ContinueArguments)
    } catch (err) {
      this.ctx.sink.print('error', `Continue of thread ${threadId} failed: ${errorMessage(err)}`)
    }
    await this.reconcile()
  }

  /** Pauses one thread (under suspend policy "all" the tracer pauses the others too). */
  async pauseThread(threadId: number): Promise<void> {
    try {
      await this.ctx.client.request('pause', { threadId } satisfies DebugProtocol.PauseArguments)
    } catch (err) {
      this.ctx.sink.print('error', `Pause of thread ${threadId} failed: ${errorMessage(err)}`)
    }
  }

  /** The toolbar's Pause while running: the selected thread, or the first one. */
  async pause(): Promise<void> {
    const s = this.ctx.state()
    if (!s || s.status !== 'running') return
    try {
      const threads = s.threads.length ? s.threads : await this.readThreads()
      const thread = threads.find((t) => t.id === s.selectedThreadId && t.state !== 'stopped') ?? threads[0]
      await this.ctx.client.request('pause', { threadId: thread?.id ?? 0 })
    } catch (err) {
      this.ctx.sink.print('error', `Pause failed: ${errorMessage(err)}`)
    }
  }
}
