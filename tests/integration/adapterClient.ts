// A test-side DAP client for the in-process adapter: requests by name, and waiting for events.
import { readFileSync } from 'node:fs'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { DebugAdapter } from '../../src-main/adapter/session'
import { defaultTracerDir } from '../../src-main/host/host'

export class AdapterClient {
  readonly adapter = new DebugAdapter({ tracerDir: defaultTracerDir() })
  readonly events: DebugProtocol.Event[] = []
  /** What setBreakpoints answered in `start`, per file. */
  readonly placed: Record<string, DebugProtocol.Breakpoint[]> = {}
  private seq = 1
  private waiters: { match: (e: DebugProtocol.Event) => boolean; resolve: (e: DebugProtocol.Event) => void }[] = []

  constructor() {
    this.adapter.onEvent((event) => {
      this.events.push(event)
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(event)) return true
        w.resolve(event)
        return false
      })
    })
  }

  request(command: string, args?: unknown): Promise<DebugProtocol.Response> {
    return this.adapter.handleRequest({ seq: this.seq++, type: 'request', command, arguments: args })
  }

  /** Like request, but throws with the adapter's message when the response is not a success. */
  async ok<T = Record<string, unknown>>(command: string, args?: unknown): Promise<T> {
    const response = await this.request(command, args)
    if (!response.success) throw new Error(`${command} failed: ${response.message}`)
    return response.body as T
  }

  /** The next event named `name` (matching `where`) that arrives after this call, or one already seen since `since`. */
  waitFor(name: string, where: (body: any) => boolean = () => true, timeoutMs = 15_000, since?: number): Promise<DebugProtocol.Event> {
    const match = (e: DebugProtocol.Event) => e.event === name && where(e.body)
    if (since !== undefined) {
      const seen = this.events.slice(since).find(match)
      if (seen) return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms; got: ${this.events.map((e) => e.event).join(', ')}`)), timeoutMs)
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) })
    })
  }

  output(): string {
    return this.events.filter((e) => e.event === 'output' && e.body.category === 'stdout').map((e) => e.body.output).join('')
  }

  /** initialize → launch → (initialized) → breakpoints → configurationDone. Resolves with the launch response. */
  async start(launch: Record<string, unknown>, breakpoints: Record<string, number[]> = {}): Promise<DebugProtocol.Response> {
    await this.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true })
    const initialized = this.waitFor('initialized')
    const launched = this.request('launch', launch)
    const first = await Promise.race([initialized, launched])
    if ('command' in first && !first.success) return first
    await initialized
    for (const [path, lines] of Object.entries(breakpoints)) {
      const placed = await this.ok<DebugProtocol.SetBreakpointsResponse['body']>('setBreakpoints', { source: { path }, breakpoints: lines.map((line) => ({ line })) })
      this.placed[path] = placed.breakpoints
    }
    await this.ok('setExceptionBreakpoints', { filters: [] })
    await this.ok('configurationDone')
    return launched
  }

  async topFrame(threadId: number): Promise<DebugProtocol.StackFrame> {
    const { stackFrames } = await this.ok<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId })
    return stackFrames[0]
  }

  async variables(variablesReference: number): Promise<Record<string, DebugProtocol.Variable>> {
    const { variables } = await this.ok<DebugProtocol.VariablesResponse['body']>('variables', { variablesReference })
    return Object.fromEntries(variables.map((v) => [v.name, v]))
  }

  async dispose(): Promise<void> {
    await this.adapter.dispose()
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Alive and not a zombie: an orphan killed here waits for init (pid 1) to reap it, which may take seconds. */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return process.platform !== 'linux'
  }
}
