// What a session is told about the user's setup, at configuration time (between `initialized` and
// `configurationDone`) and again whenever it changes: path mappings for an attach, breakpoints per file, and
// exception settings. It reads the model's state and reports answers through the session's sink.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { SET_PATH_MAPPINGS, type AttachArguments, type HostApi } from '../../src-preload/contract'
import { sentBreakpoints, setBreakpointsArguments } from './breakpoints'
import type { DapClient } from './dapClient'
import type { SessionSink } from './debugSession'
import { sentFunctionBreakpoints, setFunctionBreakpointsArguments, type FunctionBreakpointList } from './functionBreakpoints'
import { IGNORE_EXCEPTION_AT } from './exceptionInfo'
import { exceptionProblems, type IgnoredLocation, setExceptionBreakpointsArguments, supportFromCapabilities } from './exceptionSettings'
import { errorMessage } from '../errorMessage'

export class SessionConfiguration {
  /** The last `setExceptionBreakpoints` arguments sent, as JSON: a request is sent only when they change. */
  private sentExceptionArgs: string | undefined

  constructor(
    private readonly host: HostApi,
    private readonly client: DapClient,
    private readonly sink: SessionSink,
    /** True once the session is ending: failures then are expected and not reported. */
    private readonly ending: () => boolean,
    /** The attach arguments (with accepted path mappings); undefined for a launch. */
    public attachArgs: AttachArguments | undefined,
  ) {}

  /** Everything the session needs before configurationDone. */
  async configure(): Promise<void> {
    await this.offerPathMappings()
    const table = this.sink.state().breakpoints
    await Promise.all(Object.keys(table).map((path) => this.sendBreakpoints(path)))
    if (this.sink.state().functionBreakpoints.length) await this.sendFunctionBreakpoints()
    await this.sendExceptionBreakpoints()
    for (const at of this.sink.state().exceptionSettings.ignored ?? []) await this.sendIgnored(at, true)
  }

  /**
   * Attach without mappings to a program whose files live elsewhere: suggest mappings from its source paths
   * matched against the open folder, and apply them if the user agrees, before any breakpoint is sent.
   */
  private async offerPathMappings(): Promise<void> {
    if (!this.attachArgs || (this.attachArgs.pathMappings?.length ?? 0) > 0) return
    try {
      const loaded = await this.client.request<DebugProtocol.LoadedSourcesResponse>('loadedSources')
      const remotePaths = (loaded.body?.sources ?? []).map((s) => s.path).filter((p): p is string => !!p)
      const suggestions = await this.host.suggestPathMappings(remotePaths)
      if (suggestions.length === 0 || !(await this.sink.proposePathMappings(suggestions))) return
      await this.client.request(SET_PATH_MAPPINGS, { pathMappings: suggestions })
      this.attachArgs = { ...this.attachArgs, pathMappings: suggestions }
      this.sink.print('info', `Path mappings: ${suggestions.map((m) => `${m.remoteRoot} → ${m.localRoot}`).join(', ')}`)
    } catch (err) {
      this.sink.print('warning', `Could not suggest path mappings: ${errorMessage(err)}`)
    }
  }

  /** Sends the (enabled) breakpoints of one file and records what the session made of them. */
  async sendBreakpoints(path: string): Promise<void> {
    const table = this.sink.state().breakpoints
    const sent = sentBreakpoints(table, path)
    const args = setBreakpointsArguments(table, path)
    try {
      const response = await this.client.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', args)
      this.sink.breakpointsAnswered(path, sent, response.body?.breakpoints ?? [])
    } catch (err) {
      if (!this.ending()) this.sink.print('error', `Breakpoints in ${args.source.name}: ${errorMessage(err)}`)
    }
  }

  /** Tells the debugger to stop no more (or again) for exceptions raised at a location; false if it refused. */
  async sendIgnored(at: IgnoredLocation, ignore: boolean): Promise<boolean> {
    try {
      await this.client.request(IGNORE_EXCEPTION_AT, { source: { path: at.path }, line: at.line, ignore })
      return true
    } catch (err) {
      if (!this.ending()) this.sink.print('warning', `Ignoring exceptions at ${at.path}:${at.line}: ${errorMessage(err)}`)
      return false
    }
  }

  /** Sends every (enabled) function breakpoint and records what the session made of them. */
  async sendFunctionBreakpoints(): Promise<void> {
    const list = this.sink.state().functionBreakpoints
    const sent = sentFunctionBreakpoints(list)
    try {
      const response = await this.client.request<DebugProtocol.SetFunctionBreakpointsResponse>('setFunctionBreakpoints', setFunctionBreakpointsArguments(list))
      this.sink.functionBreakpointsAnswered(sent, response.body?.breakpoints ?? [])
    } catch (err) {
      if (!this.ending()) this.sink.print('error', `Function breakpoints: ${errorMessage(err)}`)
    }
  }

  /**
   * Sends the exception settings when they (or what the debugger supports) differ from what was last sent.
   * Bugscope's adapter may announce the tracer's filters just after `initialized`: a change that arrives
   * while a request is on its way is sent again at once, so configurationDone follows the final settings.
   */
  async sendExceptionBreakpoints(): Promise<void> {
    for (;;) {
      const { exceptionSettings, exceptionSupport } = this.sink.state()
      const args = setExceptionBreakpointsArguments(exceptionSettings, exceptionSupport)
      const key = JSON.stringify(args)
      if (key === this.sentExceptionArgs) return
      this.sentExceptionArgs = key
      try {
        const response = await this.client.request<DebugProtocol.SetExceptionBreakpointsResponse>('setExceptionBreakpoints', args)
        if (key === this.sentExceptionArgs) this.sink.exceptionBreakpointsAnswered(exceptionProblems(args, response.body?.breakpoints ?? []))
      } catch (err) {
        if (!this.ending()) this.sink.print('warning', `Exception breakpoints: ${errorMessage(err)}`)
        return
      }
    }
  }

  /** Capabilities from `initialize` or a `capabilities` event: the exception filters the debugger offers. */
  announce(caps: DebugProtocol.Capabilities, fromEvent: boolean): void {
    const support = supportFromCapabilities(caps, fromEvent)
    if (support) this.sink.exceptionSupportAnnounced(support)
  }
}
