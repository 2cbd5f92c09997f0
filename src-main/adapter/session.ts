// One debug session: a DAP server to its client (the renderer, or an editor through the stdio CLI)
// and a DAP client to one tracer. Launch spawns the tracer and waits for it to connect back; attach
// connects to a listening tracer. Everything else is forwarded to the tracer as it is.
import { existsSync, statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { DebugProtocol } from '@vscode/debugprotocol'
import {
  SET_PATH_MAPPINGS,
  START_DEBUGGING_EVENT,
  TERMINAL_INPUT_REQUEST,
  TERMINAL_RESIZE_REQUEST,
  TRACER_INFO_EVENT,
  type AttachArguments,
  type LaunchArguments,
  type TracerInfo,
} from '../../src-preload/contract'
import type { DapConnection } from '../dap/connection'
import { resolveInterpreter } from '../interpreters/resolve'
import { checkedTerminalSize, ptySupported, spawnInPty, type PtyProcess } from '../process/pty'
import { spawnTree, type SpawnedTree } from '../process/tree'
import { CHILD_ADDRESS_VARIABLE, CHILD_TOKEN_VARIABLE, ChildListener, childAttachConfiguration } from './children'
import { mapSourcePaths, PathMapper } from './pathMapping'
import { StartProgress, startingMessage } from './progress'
import { attachTracer, CONNECT_BACK_TIMEOUT_MS, ConnectBackListener, connectToTracer, type TracerOptions } from './tracerLink'

export interface AdapterOptions {
  /** Directory that holds the `bugscope` Python package. */
  tracerDir: string
  /** Interpreter setting used when the launch configuration names none. */
  defaultPython?: () => string | undefined
}

/** What the adapter itself promises in `initialize`; the tracer's own list follows in a `capabilities` event. */
export const ADAPTER_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsTerminateRequest: true,
  supportsEvaluateForHovers: true,
  exceptionBreakpointFilters: [],
}

type Body = Record<string, unknown> | undefined

class RequestError extends Error {}

export class DebugAdapter {
  private tracer: DapConnection | null = null
  private debuggee: SpawnedTree | null = null
  /** Launch on a pseudo-terminal (LaunchArguments.terminal): the same process as `debuggee`, with keys and a size. */
  private terminal: PtyProcess | null = null
  private listener: ConnectBackListener | null = null
  /** Launch: where the debuggee's child processes announce themselves. */
  private children: ChildListener | null = null
  /** Attach to a child process of a launch: it ends with its session (it is part of the launched tree). */
  private childProcess: AttachArguments['childProcess'] | null = null
  private mode: 'launch' | 'attach' | null = null
  /** Attach only: where the remote program sees the local folders. */
  private paths = new PathMapper()
  private terminatedSent = false
  private disposed = false
  private readonly listeners = new Set<(event: DebugProtocol.Event) => void>()
  private eventSeq = 1
  /** Progress of launch and attach, for a client that supports progress reporting (progress.ts). */
  private readonly progress = new StartProgress((event, body) => this.emit(event, body))

  constructor(private readonly options: AdapterOptions) {}

  onEvent(listener: (event: DebugProtocol.Event) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Handles one request from the client. Never rejects: failures become `success: false` responses. */
  async handleRequest(request: DebugProtocol.Request): Promise<DebugProtocol.Response> {
    const reply = (success: boolean, body?: unknown, message?: string): DebugProtocol.Response => ({
      seq: 0,
      type: 'response',
      request_seq: request.seq,
      command: request.command,
      success,
      ...(message !== undefined ? { message } : {}),
      ...(body !== undefined ? { body } : {}),
    })
    try {
      switch (request.command) {
        case 'initialize':
          this.progress.configure(request.arguments as DebugProtocol.InitializeRequestArguments | undefined)
          return reply(true, ADAPTER_CAPABILITIES)
        case 'launch':
          await this.progress.run('Starting the program', request.seq, () => this.launch((request.arguments ?? {}) as LaunchArguments))
          return reply(true)
        case 'attach':
          await this.progress.run('Attaching', request.seq, () => this.attach((request.arguments ?? {}) as AttachArguments))
          return reply(true)
        case 'terminate':
          await this.terminate()
          return reply(true)
        case 'disconnect':
          await this.disconnect((request.arguments ?? {}) as DebugProtocol.DisconnectArguments)
          return reply(true)
        case TERMINAL_INPUT_REQUEST: {
          const { data } = (request.arguments ?? {}) as { data?: unknown }
          if (typeof data !== 'string') throw new RequestError(`${TERMINAL_INPUT_REQUEST} needs "data": the keys typed, as a string`)
          this.typeIntoProgram(data)
          return reply(true)
        }
        case TERMINAL_RESIZE_REQUEST: {
          const size = checkedTerminalSize(request.arguments)
          if (!size) throw new RequestError(`${TERMINAL_RESIZE_REQUEST} needs whole "columns" and "rows" from 1 to 10000`)
          this.terminal?.resize(size)
          return reply(true)
        }
        case SET_PATH_MAPPINGS: {
          const { pathMappings } = (request.arguments ?? {}) as { pathMappings?: unknown }
          if (!Array.isArray(pathMappings)) throw new RequestError(`${SET_PATH_MAPPINGS} needs "pathMappings": [{localRoot, remoteRoot}]`)
          this.paths = new PathMapper(pathMappings as AttachArguments['pathMappings'])
          return reply(true)
        }
        default:
          return await this.forward(request)
      }
    } catch (error) {
      return reply(false, undefined, error instanceof Error ? error.message : String(error))
    }
  }

  /** Ends the session for good: the launched debuggee and its children are stopped. */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.listener?.dispose()
    this.children?.dispose()
    if (this.mode === 'attach' && this.tracer && !this.tracer.isClosed) {
      await this.tracer.request('disconnect', { terminateDebuggee: !!this.childProcess }, 2000).catch(() => undefined)
    }
    this.tracer?.close('session disposed')
    await this.killTree()
    this.listeners.clear()
  }

  private emit(event: string, body?: unknown): void {
    if (event === 'terminated') {
      if (this.terminatedSent) return
      this.terminatedSent = true
    }
    const message = { seq: this.eventSeq++, type: 'event', event, ...(body !== undefined ? { body } : {}) } as DebugProtocol.Event
    this.listeners.forEach((l) => l(message))
  }

  private async forward(request: DebugProtocol.Request): Promise<DebugProtocol.Response> {
    if (!this.tracer || this.tracer.isClosed) {
      throw new RequestError(this.mode ? 'The debuggee is no longer connected.' : `No program is being debugged: start one before '${request.command}'.`)
    }
    const paths = this.paths
    const args = paths.isEmpty ? request.arguments : mapSourcePaths(request.arguments, (p) => paths.toRemote(p))
    const response = await this.tracer.request(request.command, args)
    const body = paths.isEmpty || response.body === undefined ? response.body : mapSourcePaths(response.body, (p) => paths.toLocal(p))
    return { ...response, body, request_seq: request.seq }
  }

  private async launch(args: LaunchArguments): Promise<void> {
    if (this.mode) throw new RequestError('This session is already debugging a program.')
    this.mode = 'launch'
    const cwd = args.cwd ? resolve(args.cwd) : args.program ? dirname(resolve(args.program)) : process.cwd()
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new RequestError(`Working directory not found: ${cwd}`)
    let target: string[]
    if (args.module) {
      target = ['-m', args.module]
    } else if (args.program) {
      const program = isAbsolute(args.program) ? args.program : resolve(cwd, args.program)
      if (!existsSync(program)) throw new RequestError(`Program not found: ${program}`)
      target = ['--', program]
    } else {
      throw new RequestError('The launch configuration needs "program" (a script path) or "module".')
    }
    const python = resolveInterpreter(args.python || this.options.defaultPython?.(), cwd)
    this.progress.update(startingMessage(python))
    const env = buildEnv(args.env)
    let pythonArgs: string[]
    if (args.noDebug) {
      pythonArgs = [...target.filter((t) => t !== '--'), ...(args.args ?? [])]
    } else {
      this.listener = await ConnectBackListener.open()
      env.BUGSCOPE_TOKEN = this.listener.token
      if (args.subProcess !== false && !args.postMortem) {
        this.children = await ChildListener.open((child) =>
          this.emit(START_DEBUGGING_EVENT, {
            request: 'attach',
            configuration: childAttachConfiguration(child, args),
          } satisfies DebugProtocol.StartDebuggingRequestArguments),
        )
        env[CHILD_ADDRESS_VARIABLE] = `127.0.0.1:${this.children.port}`
        env[CHILD_TOKEN_VARIABLE] = this.children.token
      }
      env.PYTHONPATH = [this.options.tracerDir, env.PYTHONPATH].filter(Boolean).join(process.platform === 'win32' ? ';' : ':')
      const postMortem = args.postMortem ? ['--on-uncaught'] : []
      pythonArgs = ['-m', 'bugscope', '--connect', `127.0.0.1:${this.listener.port}`, ...postMortem, ...target, ...(args.args ?? [])]
    }
    env.PYTHONUNBUFFERED = '1'
    const onPty = !!args.terminal && args.console !== 'internalConsole' && ptySupported()
    // On a pty the host (pty_host.py) runs under the same interpreter: no other Python is needed.
    const tree = onPty
      ? spawnInPty(python, this.options.tracerDir, python, pythonArgs, { cwd, env, size: args.terminal!, chosenTerm: args.env?.TERM ?? undefined })
      : spawnTree(python, pythonArgs, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    this.debuggee = tree
    this.terminal = onPty ? (tree as PtyProcess) : null
    const stderrTail = this.pipeOutput(tree)
    const exitedEarly = tree.exited.then((status) => {
      if (status.error) return new RequestError(`Could not start ${python}: ${status.error.message}`)
      const tail = stderrTail().trim()
      return new RequestError(`Python exited with code ${status.code} before the debugger connected${tail ? `:\n${tail}` : '.'}`)
    })
    this.watchExit(tree)
    if (!this.listener) return
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<RequestError>((res) => {
      timer = setTimeout(() => res(new RequestError(`The debugger did not connect within ${CONNECT_BACK_TIMEOUT_MS / 1000} s.`)), CONNECT_BACK_TIMEOUT_MS)
    })
    this.progress.update('Waiting for the program to connect…')
    const outcome = await Promise.race([this.listener.accept(), exitedEarly, timedOut])
    clearTimeout(timer)
    if (outcome instanceof Error) {
      this.listener.dispose()
      this.children?.dispose()
      await tree.kill()
      throw outcome
    }
    const info = await this.adoptTracer(outcome, this.listener.token, !!args.stopOnEntry, { justMyCode: args.justMyCode, suspendPolicy: args.suspendPolicy, stepBack: args.stepBack })
    this.emit('process', {
      name: args.module ?? args.program ?? 'python',
      // On a pty the spawned process is the pty host; the program is its child, whose pid the tracer says.
      systemProcessId: this.terminal && typeof info.pid === 'number' ? info.pid : tree.child.pid,
      isLocalProcess: true,
      startMethod: 'launch',
    } satisfies DebugProtocol.ProcessEvent['body'])
  }

  private async attach(args: AttachArguments): Promise<void> {
    if (this.mode) throw new RequestError('This session is already debugging a program.')
    const host = args.connect?.host || args.host || '127.0.0.1'
    const port = args.connect?.port ?? args.port
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new RequestError('Attach needs a "port" between 1 and 65535.')
    }
    if (typeof args.token !== 'string' || !args.token) {
      throw new RequestError('Attach needs the "token" the program was started with (BUGSCOPE_TOKEN, --token-file, or the file it generated).')
    }
    this.mode = 'attach'
    this.childProcess = args.childProcess ?? null
    this.paths = new PathMapper(Array.isArray(args.pathMappings) ? args.pathMappings : [])
    this.progress.update(`Connecting to ${host}:${port}…`)
    const connection = await connectToTracer({ host, port, tls: args.tls, fingerprint: args.tlsFingerprint })
    connection.onClose(() => this.emit('terminated'))
    await this.adoptTracer(connection, args.token, false, { justMyCode: args.justMyCode, suspendPolicy: args.suspendPolicy, stepBack: args.stepBack })
    if (this.childProcess) {
      this.emit('process', {
        name: this.childProcess.name,
        systemProcessId: this.childProcess.pid,
        isLocalProcess: true,
        startMethod: 'attachForSuspendedLaunch', // the child waits before its first line for this session
      } satisfies DebugProtocol.ProcessEvent['body'])
    }
  }

  private async adoptTracer(connection: DapConnection, token: string, stopOnEntry: boolean, options: TracerOptions): Promise<Partial<TracerInfo>> {
    this.progress.update('Attaching…')
    this.tracer = connection
    connection.onProtocolError((error) => this.emit('output', { category: 'console', output: `Bugscope: bad message from the tracer: ${error.message}\n` }))
    connection.onEvent((event) => {
      // Under launch the process's own exit status is the truth; the tracer's view is dropped.
      if (this.mode === 'launch' && (event.event === 'exited' || event.event === 'terminated')) return
      const paths = this.paths
      this.emit(event.event, paths.isEmpty || event.body === undefined ? event.body : mapSourcePaths(event.body, (p) => paths.toLocal(p)))
    })
    try {
      const { capabilities, info } = await attachTracer(connection, token, stopOnEntry, options)
      this.emit('capabilities', { capabilities })
      if (typeof info.engine === 'string') this.emit(TRACER_INFO_EVENT, info)
      return info
    } catch (error) {
      connection.close('attach failed')
      throw error
    }
  }

  /**
   * Program output becomes `output` events; returns a function giving the last stderr text (on a pty, where
   * stderr shares the terminal with stdout, the terminal's last text).
   */
  private pipeOutput(tree: SpawnedTree): () => string {
    let tail = ''
    const onPty = !!this.terminal
    for (const [stream, category] of [[tree.child.stdout, 'stdout'], [tree.child.stderr, 'stderr']] as const) {
      const decoder = new StringDecoder('utf8')
      stream?.on('data', (chunk: Buffer) => {
        const output = decoder.write(chunk)
        if (category === 'stderr' || onPty) tail = (tail + output).slice(-2000)
        if (output) this.emit('output', { category, output })
      })
    }
    return () => tail
  }

  /** Keys from the client's terminal: to the pty, or (no pty) to the program's stdin, Enter as a newline. */
  private typeIntoProgram(data: string): void {
    if (this.terminal) return this.terminal.write(data)
    const stdin = this.mode === 'launch' ? this.debuggee?.child.stdin : null
    if (!stdin?.writable) throw new RequestError(this.mode === 'attach' ? 'An attached program has no terminal here: type where it runs.' : 'No program is running in this terminal.')
    stdin.write(data.replace(/\r\n?/g, '\n'))
  }

  private watchExit(tree: SpawnedTree): void {
    const streamsClosed = new Promise<void>((res) => tree.child.once('close', () => res()))
    void tree.exited.then(async (status) => {
      if (status.error) return
      // Let the last output arrive first, but do not wait on pipes a grandchild keeps open.
      await Promise.race([streamsClosed, new Promise((res) => setTimeout(res, 500))])
      this.tracer?.close('the debuggee exited')
      this.emit('exited', { exitCode: status.code })
      this.emit('terminated')
    })
  }

  private async terminate(): Promise<void> {
    if (this.mode === 'attach') {
      await this.forwardIfConnected('terminate', {})
      return
    }
    if (!this.debuggee) return
    await this.forwardIfConnected('terminate', {}, 1000)
    void this.killTree()
  }

  private async disconnect(args: DebugProtocol.DisconnectArguments): Promise<void> {
    if (this.mode === 'attach') {
      // A child process of a launch ends with its session unless the client says otherwise.
      await this.forwardIfConnected('disconnect', { terminateDebuggee: args.terminateDebuggee ?? !!this.childProcess })
      this.tracer?.close('disconnected')
      this.emit('terminated')
      return
    }
    if (args.terminateDebuggee === false && this.tracer && !this.tracer.isClosed) {
      // Leave a launched program running without the debugger.
      await this.forwardIfConnected('disconnect', { terminateDebuggee: false })
      return
    }
    await this.killTree()
  }

  /** The launched process group, and the announced children still running (also those that left the group). */
  private async killTree(): Promise<void> {
    await this.debuggee?.kill()
    this.children?.killRunning()
  }

  private async forwardIfConnected(command: string, args: Body, timeoutMs = 3000): Promise<void> {
    if (!this.tracer || this.tracer.isClosed) return
    await this.tracer.request(command, args, timeoutMs).catch(() => undefined)
  }
}

function buildEnv(overrides: LaunchArguments['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  // Our own secrets and settings never leak into the debuggee.
  delete env.BUGSCOPE_TOKEN
  delete env[CHILD_ADDRESS_VARIABLE]
  delete env[CHILD_TOKEN_VARIABLE]
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete env[key]
    else env[key] = String(value)
  }
  return env
}
