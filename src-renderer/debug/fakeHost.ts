// A scripted HostApi for model tests: it records DAP requests, answers them from handlers, and emits events.
// It behaves like a well-mannered adapter by default: `initialized` after `initialize`, and `launch` answered
// once `configurationDone` arrives.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type {
  AttachChoices,
  FileEntry,
  FileStamp,
  HostApi,
  InterpreterInfo,
  LaunchJsonEntry,
  ProjectSettings,
  RunConfigurations,
  PathMapping,
  PythonCheck,
  RecentAttachTarget,
  SessionEvent,
  ShellEvent,
  TerminalSize,
  Settings,
  SettingsFiles,
  WorkspaceState,
} from '../../src-preload/contract'
import { errorMessage } from '../errorMessage'

export type Handler = (args: any, sessionId: string) => unknown | Promise<unknown>

export class FakeHost implements HostApi {
  readonly transport = 'web' as const
  readonly requests: { command: string; args: any }[] = []
  /** The session of each request in `requests`, by index. */
  readonly requestSessions: string[] = []
  readonly disposed: string[] = []
  readonly handlers: Record<string, Handler> = {}
  private readonly listeners = new Set<(e: SessionEvent) => void>()
  private seq = 1
  private configurationDone!: () => void
  private readonly configured = new Promise<void>((r) => (this.configurationDone = r))
  sessionId = 'S1'
  /** Ids createSession hands out before falling back to `sessionId` (tests with child-process sessions). */
  readonly nextSessionIds: string[] = []

  constructor() {
    this.handlers.initialize = (_args, sessionId: string) => {
      setTimeout(() => this.emit('initialized', undefined, sessionId), 0)
      return { supportsConfigurationDoneRequest: true, supportsTerminateRequest: true }
    }
    this.handlers.launch = () => this.configured
    this.handlers.configurationDone = () => {
      this.configurationDone()
      return undefined
    }
    this.handlers.setBreakpoints = (args: DebugProtocol.SetBreakpointsArguments) => ({
      breakpoints: (args.breakpoints ?? []).map((b, i) => ({ id: 100 + i, verified: true, line: b.line })),
    })
    this.handlers.threads = () => ({ threads: [{ id: 1, name: 'MainThread' }] })
    this.handlers.stackTrace = () => ({
      stackFrames: [
        { id: 11, name: 'inner', line: 3, column: 1, source: { path: '/w/a.py', name: 'a.py' } },
        { id: 12, name: '<module>', line: 9, column: 1, source: { path: '/w/a.py', name: 'a.py' } },
      ],
      totalFrames: 2,
    })
    this.handlers.scopes = (args: DebugProtocol.ScopesArguments) => ({
      scopes: [
        { name: 'Locals', variablesReference: args.frameId * 10, expensive: false },
        { name: 'Globals', variablesReference: args.frameId * 10 + 1, expensive: false },
      ],
    })
    this.handlers.variables = () => ({ variables: [{ name: 'x', value: '1', variablesReference: 0 }] })
    for (const ok of ['setExceptionBreakpoints', 'continue', 'next', 'stepIn', 'stepOut', 'pause', 'disconnect']) {
      this.handlers[ok] = () => undefined
    }
    this.handlers.terminate = () => {
      setTimeout(() => this.emit('terminated'), 0)
      return undefined
    }
  }

  /** The requests sent to one session. */
  requestsOf(sessionId: string): { command: string; args: any }[] {
    return this.requests.filter((_, i) => this.requestSessions[i] === sessionId)
  }

  commands(): string[] {
    return this.requests.map((r) => r.command)
  }

  emit(event: string, body?: unknown, sessionId = this.sessionId): void {
    const e = { seq: this.seq++, type: 'event', event, body } as DebugProtocol.Event
    for (const l of [...this.listeners]) l({ sessionId, event: e })
  }

  async dapRequest(sessionId: string, command: string, args?: unknown): Promise<DebugProtocol.Response> {
    this.requests.push({ command, args })
    this.requestSessions.push(sessionId)
    const base = { seq: this.seq++, type: 'response' as const, request_seq: 0, command }
    const handler = this.handlers[command]
    if (!handler) return { ...base, success: false, message: `unsupported request '${command}'` }
    try {
      const body = await handler(args, sessionId)
      return { ...base, success: true, body }
    } catch (err) {
      return { ...base, success: false, message: errorMessage(err) }
    }
  }

  onSessionEvent(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // Shell terminals: recorded, with events fired by the test.
  readonly shellListeners = new Set<(e: ShellEvent) => void>()
  readonly shellCalls: { method: string; args: unknown[] }[] = []
  openShell = async (size: TerminalSize) => {
    this.shellCalls.push({ method: 'openShell', args: [size] })
    return { shellId: `shell-${this.shellCalls.length}`, title: 'bash', cwd: this.ws.root ?? '/home' }
  }
  shellInput = async (shellId: string, data: string) => void this.shellCalls.push({ method: 'shellInput', args: [shellId, data] })
  resizeShell = async (shellId: string, size: TerminalSize) => void this.shellCalls.push({ method: 'resizeShell', args: [shellId, size] })
  closeShell = async (shellId: string) => void this.shellCalls.push({ method: 'closeShell', args: [shellId] })
  onShellEvent(listener: (e: ShellEvent) => void): () => void {
    this.shellListeners.add(listener)
    return () => this.shellListeners.delete(listener)
  }

  async createSession(): Promise<string> {
    return this.nextSessionIds.shift() ?? this.sessionId
  }

  async disposeSession(id: string): Promise<void> {
    this.disposed.push(id)
  }

  // Workspace and settings: a tiny in-memory file system.
  files: Record<string, string> = {}
  dirs: Record<string, FileEntry[]> = {}
  ws: WorkspaceState = { root: null, recent: [] }
  settings: Settings = { python: '' }
  pickFolder = async (): Promise<string | null> => null
  openFolder = async (path: string): Promise<WorkspaceState> => {
    if (!this.dirs[path]) throw new Error(`Folder not found: ${path}`)
    this.ws = { root: path, recent: [path, ...this.ws.recent.filter((p) => p !== path)] }
    return this.ws
  }
  workspace = async (): Promise<WorkspaceState> => this.ws
  listDir = async (path: string): Promise<FileEntry[]> => this.dirs[path] ?? []
  /** Set by a test to stand for changes on disk. */
  version = 0
  folderVersion = async (): Promise<number> => this.version
  listProjectFiles = async (): Promise<string[]> => Object.keys(this.files)
  readFile = async (path: string): Promise<string> => {
    if (!(path in this.files)) throw new Error(`File not found: ${path}`)
    return this.files[path]
  }
  /** What writeFile was asked to write, in order; set `writeError` to make it fail. */
  readonly writes: { path: string; text: string }[] = []
  writeError: string | undefined
  writeFile = async (path: string, text: string): Promise<FileStamp> => {
    if (this.writeError) throw new Error(this.writeError)
    this.writes.push({ path, text })
    this.files[path] = text
    return this.stampOf(path)!
  }
  /** A file's stamp moves whenever a test changes its text in `files` (or deletes it: null). */
  private readonly stamps = new Map<string, { text: string; stamp: FileStamp }>()
  private stampSeq = 0
  private stampOf(path: string): FileStamp | null {
    if (!(path in this.files)) return null
    const text = this.files[path]
    const known = this.stamps.get(path)
    if (known?.text === text) return known.stamp
    const stamp = { mtimeMs: ++this.stampSeq, size: text.length }
    this.stamps.set(path, { text, stamp })
    return stamp
  }
  fileStamps = async (paths: string[]): Promise<Record<string, FileStamp | null>> =>
    Object.fromEntries(paths.map((p) => [p, this.stampOf(p)]))
  /** What setUnsavedFileCount was told, in order. */
  readonly unsavedCounts: number[] = []
  setUnsavedFileCount = async (count: number): Promise<void> => {
    this.unsavedCounts.push(count)
  }
  // Attach dialog: choices as set by a test; remembered targets recorded.
  choices: AttachChoices = { recent: [], configurations: [], listeners: [], canStoreTokens: false, problems: [] }
  remembered: RecentAttachTarget[] = []
  suggestions: PathMapping[] = []
  attachChoices = async (): Promise<AttachChoices> => this.choices
  readonly folderStates = new Map<string, unknown>()
  getFolderState = async (folder: string): Promise<unknown> => structuredClone(this.folderStates.get(folder) ?? null)
  setFolderState = async (folder: string, state: unknown): Promise<void> => {
    this.folderStates.set(folder, structuredClone(state))
  }
  rememberAttachTarget = async (target: RecentAttachTarget): Promise<void> => {
    this.remembered.push(target)
  }
  suggestPathMappings = async (_remotePaths: string[]): Promise<PathMapping[]> => this.suggestions
  tracerArchive = async (): Promise<string | null> => null
  getSettings = async (): Promise<Settings> => this.settings
  setSettings = async (patch: Partial<Settings>): Promise<Settings> => (this.settings = { ...this.settings, ...patch })
  /** What settingsFiles answers (a test may add problems); openSettingsFile creates the file in `files` with `{}`. */
  settingsFileInfo: SettingsFiles = { user: { path: '/state/settings.json', exists: false, broken: false, problems: [] }, project: null }
  settingsFiles = async (): Promise<SettingsFiles> => structuredClone(this.settingsFileInfo)
  openSettingsFile = async (scope: 'user' | 'project'): Promise<string> => {
    const info = scope === 'user' ? this.settingsFileInfo.user : this.settingsFileInfo.project
    if (!info) throw new Error('Open a folder first: project settings belong to a project folder.')
    if (!(info.path in this.files)) this.files[info.path] = '{}\n'
    info.exists = true
    return info.path
  }
  /** What checkPython answers (a test may change it), and the settings each check saw. */
  python: PythonCheck = { ok: true, path: '/usr/bin/python3', version: '3.12.0' }
  readonly pythonChecks: string[] = []
  checkPython = async (): Promise<PythonCheck> => {
    this.pythonChecks.push(this.settings.python)
    return this.python
  }
  // Run configurations, per-project choices and interpreters: as set by a test; additions recorded.
  runConfigs: RunConfigurations = { file: '/w/.vscode/launch.json', exists: false, configurations: [] }
  readonly addedConfigurations: LaunchJsonEntry[] = []
  runConfigurations = async (_folder: string): Promise<RunConfigurations> => structuredClone(this.runConfigs)
  addRunConfiguration = async (_folder: string, entry: LaunchJsonEntry): Promise<{ name: string; configurations: RunConfigurations }> => {
    this.addedConfigurations.push(entry)
    return { name: entry.name, configurations: structuredClone(this.runConfigs) }
  }
  readonly projects = new Map<string, ProjectSettings>()
  getProjectSettings = async (folder: string): Promise<ProjectSettings> => ({ ...this.projects.get(folder) })
  setProjectSettings = async (folder: string, patch: { [K in keyof ProjectSettings]?: ProjectSettings[K] | null }): Promise<ProjectSettings> => {
    const next: Record<string, unknown> = { ...this.projects.get(folder) }
    for (const [k, v] of Object.entries(patch)) if (v === null) delete next[k]
    else if (v !== undefined) next[k] = v
    this.projects.set(folder, next as ProjectSettings)
    return { ...next } as ProjectSettings
  }
  interpreters: InterpreterInfo[] = []
  listInterpreters = async (_folder: string | null): Promise<InterpreterInfo[]> => this.interpreters
}

/** Resolves after pending promise callbacks and zero-delay timers have run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0))
}
