// The one contract between the main process (or the browser-mode server) and the renderer.
// Types only: this file is imported by main, preload and renderer, and must not import any runtime code.
import type { DebugProtocol } from '@vscode/debugprotocol'

export interface FileEntry {
  name: string
  /** Absolute path. */
  path: string
  kind: 'file' | 'dir'
}

/** A file's identity on disk at one moment: when one of these moves, the file changed on disk. */
export interface FileStamp {
  mtimeMs: number
  size: number
}

export interface Settings {
  /** Path of the Python interpreter to debug with; '' means `python3` on PATH. */
  python: string
  /** Steps skip the standard library and installed packages (absent: true). */
  justMyCode?: boolean
  /**
   * What a stop suspends by default (absent: "all", every thread); sent as the launch/attach `suspendPolicy`.
   * A breakpoint's own `suspendPolicy` wins over it.
   */
  suspendPolicy?: SuspendPolicy
  /**
   * The workbench's colours: 'system' (absent too) follows the OS (`prefers-color-scheme`), 'dark' and 'light'
   * force one. The editor, terminal and every panel switch at once.
   */
  theme?: 'system' | 'dark' | 'light'
  /** Record the program's lines so that a stop can step back (sent as the launch/attach `stepBack`); absent: off. */
  stepBack?: boolean
  /**
   * At a stop, the editor shows the current values of the locals each line of the stopped function uses, at the
   * line's end (`x = 3, total = 15`), from the Locals already fetched; absent: on.
   */
  inlineValues?: boolean
}

/** Whether the interpreter the settings name can run the tracer (see src-main/interpreters/probe.ts). */
export type PythonCheck =
  | { ok: true; path: string; version: string }
  /** `problem`: what is wrong; `help`: how to get a Python, for this OS. */
  | { ok: false; problem: string; help: string }

export interface WorkspaceState {
  /** Absolute path of the open folder, or null when none is open. */
  root: string | null
  recent: string[]
}

/** What a shell terminal (HostApi.openShell) printed, or that it ended. */
export type ShellEvent = { shellId: string; kind: 'output'; data: string } | { shellId: string; kind: 'exit'; code: number }

/** A DAP message that the adapter sends to the renderer for one debug session. */
export interface SessionEvent {
  sessionId: string
  event: DebugProtocol.Event
}

/**
 * What the renderer can ask of the host. Every method is async and may reject with an Error whose
 * message is meant for the user.
 */
export interface HostApi {
  /** Which transport carries this API: the Electron preload, or the browser-mode WebSocket. */
  readonly transport: 'electron' | 'web'

  // Workspace
  /** Native folder picker. Resolves null when cancelled or when there is no native dialog (browser mode). */
  pickFolder(): Promise<string | null>
  /** Opens a folder (must exist) and records it in the recent list. */
  openFolder(path: string): Promise<WorkspaceState>
  workspace(): Promise<WorkspaceState>
  /** Entries of a directory, directories first, hidden entries and caches left out. */
  listDir(path: string): Promise<FileEntry[]>
  /** A UTF-8 text file, at most 5 MB. */
  readFile(path: string): Promise<string>
  /**
   * Saves an editor's text (UTF-8) to `path`: a file inside the open folder, or one opened with readFile. The
   * text goes to a temporary file beside it that is then renamed over it, so a crash never leaves half a file.
   * Refuses more than 5 MB. Resolves with the saved file's stamp, so that the editor's own save does not count
   * as a change on disk.
   */
  writeFile(path: string, text: string): Promise<FileStamp>
  /**
   * The current stamp of each file (null: it does not exist or is not a file), for the editor to notice files
   * changed or deleted on disk. Only files writeFile would accept (inside the open folder, or opened with readFile)
   * are answered; other paths are left out of the answer.
   */
  fileStamps(paths: string[]): Promise<Record<string, FileStamp | null>>
  /**
   * How many editors have unsaved changes, told whenever it changes: the desktop app names the number when the
   * window is closed or reloaded with unsaved files ("You have unsaved changes in 2 files").
   */
  setUnsavedFileCount(count: number): Promise<void>
  /**
   * Grows each time files under the open folder are created, renamed or deleted (debounced; caches and .git left
   * out). The explorer polls it and lists its folders again when it moves.
   */
  folderVersion(): Promise<number>
  /** Paths ('/'-separated, relative to the open folder) of its files, for quick open; [] when none is open. */
  listProjectFiles(): Promise<string[]>

  // Settings: the user's settings.json in the state directory and the open project's .bugscope/settings.json,
  // plain JSON files the user may edit (read again when they change on disk; see SettingsFiles)
  /**
   * The settings in force: the user's, with the open project's overrides (justMyCode, suspendPolicy, stepBack).
   * `python` is always the user's (the project's interpreter is ProjectSettings.python). A broken file counts with
   * its last good values.
   */
  getSettings(): Promise<Settings>
  /**
   * Changes settings: each key in the file it comes from (the open project's file when that overrides it, else the
   * user's). Rejects, writing nothing, while that file is broken; the answer is getSettings' after the change.
   */
  setSettings(patch: Partial<Settings>): Promise<Settings>
  /** Where the settings files are and what is wrong in them (the project's: the open folder's; null: none open). */
  settingsFiles(): Promise<SettingsFiles>
  /**
   * Makes a settings file ready for the editor: a missing one is created with the values in force (the user's) or
   * the project's choices, and the user's file may then be saved with writeFile. Resolves with its path.
   */
  openSettingsFile(scope: 'user' | 'project'): Promise<string>
  /** Runs the interpreter the settings name ('' → python3 on PATH, a relative path from the open folder) once to
   * read its version: first run on a machine without Python hears about it before the first F5 fails. */
  checkPython(): Promise<PythonCheck>

  // Per-folder debug state (breakpoints, watches, exception settings), kept by the host for each folder
  /** The state saved for a folder, or null when none was. */
  getFolderState(folder: string): Promise<unknown>
  /** Replaces a folder's saved state (a JSON object, at most 1 MiB). */
  setFolderState(folder: string, state: unknown): Promise<void>

  // Attach dialog
  /** Everything the attach dialog offers: recent targets, launch.json configurations, local listeners. */
  attachChoices(): Promise<AttachChoices>
  /** Remembers a target after a successful attach; its token only where the OS keychain can keep it. */
  rememberAttachTarget(target: RecentAttachTarget): Promise<void>
  /** Where the one-file tracer (bugscope.pyz) is, to copy to a remote machine; null when it is not built. */
  tracerArchive(): Promise<string | null>
  /** Mappings suggested from the debuggee's source paths matched against the open folder. */
  suggestPathMappings(remotePaths: string[]): Promise<PathMapping[]>

  // Debugging: one DAP adapter per session, spoken to in plain DAP.
  /** Creates a debug session (an adapter instance) and returns its id. Send `initialize` and `launch` next. */
  createSession(): Promise<string>
  /** Sends a DAP request; resolves with the DAP response (which may have success: false). */
  dapRequest(sessionId: string, command: string, args?: unknown): Promise<DebugProtocol.Response>
  /** Ends and forgets a session: the debuggee is terminated if it is still running. */
  disposeSession(sessionId: string): Promise<void>
  /** DAP events of every session. Returns the function that unsubscribes. */
  onSessionEvent(listener: (e: SessionEvent) => void): () => void

  // Shell terminals: the user's shell on a pseudo-terminal (POSIX), in the open folder (else the home folder)
  /**
   * Starts the user's shell ($SHELL, else bash or sh). Its pty is held by a small Python script, so the
   * interpreter the settings name (else python3) must run; rejects with what to do when it cannot.
   */
  openShell(size: TerminalSize): Promise<{ shellId: string; title: string; cwd: string }>
  /** Keys typed into a shell terminal. */
  shellInput(shellId: string, data: string): Promise<void>
  resizeShell(shellId: string, size: TerminalSize): Promise<void>
  /** Ends the shell (SIGHUP, as closing a terminal window does; killed if it lingers). */
  closeShell(shellId: string): Promise<void>
  /** Output and ends of this window's shells. Returns the function that unsubscribes. */
  onShellEvent(listener: (e: ShellEvent) => void): () => void

  // Run configurations (.vscode/launch.json) and interpreters
  /** The folder's launch.json configurations, read again on every call; a broken file comes back as `error`. */
  runConfigurations(folder: string): Promise<RunConfigurations>
  /**
   * Adds an entry to the folder's launch.json (created when missing), keeping the rest of the file as it is.
   * Rejects when the file is broken. The entry's name is made unique; the answer names it.
   */
  addRunConfiguration(folder: string, entry: LaunchJsonEntry): Promise<{ name: string; configurations: RunConfigurations }>
  /** The choices remembered for one project folder (its interpreter, its run configuration). */
  getProjectSettings(folder: string): Promise<ProjectSettings>
  /** Changes them; a property given as null is forgotten. */
  setProjectSettings(folder: string, patch: { [K in keyof ProjectSettings]?: ProjectSettings[K] | null }): Promise<ProjectSettings>
  /** The Python interpreters found for a folder (its .venv, pyenv, conda, PATH), with their versions. */
  listInterpreters(folder: string | null): Promise<InterpreterInfo[]>
}

/** Names of the request/response methods of HostApi: what the IPC and WebSocket bridges forward. */
export const HOST_METHODS = [
  'pickFolder',
  'openFolder',
  'workspace',
  'listDir',
  'readFile',
  'writeFile',
  'fileStamps',
  'setUnsavedFileCount',
  'folderVersion',
  'listProjectFiles',
  'getSettings',
  'setSettings',
  'settingsFiles',
  'openSettingsFile',
  'checkPython',
  'getFolderState',
  'setFolderState',
  'attachChoices',
  'rememberAttachTarget',
  'suggestPathMappings',
  'tracerArchive',
  'createSession',
  'dapRequest',
  'disposeSession',
  'runConfigurations',
  'addRunConfiguration',
  'getProjectSettings',
  'setProjectSettings',
  'listInterpreters',
  'openShell',
  'shellInput',
  'resizeShell',
  'closeShell',
] as const satisfies readonly (keyof HostApi)[]

export type HostMethod = (typeof HOST_METHODS)[number]

/** The Electron IPC channel names. */
export const IPC_INVOKE = 'bugscope:invoke'
export const IPC_SESSION_EVENT = 'bugscope:session-event'
export const IPC_SHELL_EVENT = 'bugscope:shell-event'

/**
 * Browser mode: messages on the WebSocket at `ws://<host>/ipc?token=<token>`.
 * The renderer sends `invoke`; the server answers each with `result`, and pushes session events (`push`) and the
 * output of the page's own shells (`shell`).
 */
export type WireMessage =
  | { kind: 'invoke'; id: number; method: HostMethod; args: unknown[] }
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }
  | { kind: 'push'; event: SessionEvent }
  | { kind: 'shell'; event: ShellEvent }

/**
 * Bugscope's one DAP extension event, `bugscope/session`: sent by the adapter once the tracer has attached.
 * Other clients may ignore it.
 */
export const TRACER_INFO_EVENT = 'bugscope/session'

/**
 * Adapter event `bugscope/startDebugging`, body `DebugProtocol.StartDebuggingRequestArguments`: a child process
 * of the debuggee (subprocess, multiprocessing, os.fork) waits for a debugger. The workbench answers it by starting
 * a new session with that `attach` configuration (`parentSession` names the session it came from); the stdio
 * adapter sends it to its client as the DAP reverse request `startDebugging` instead.
 */
export const START_DEBUGGING_EVENT = 'bugscope/startDebugging'

/** Adapter request `bugscope/setPathMappings` {pathMappings}: replaces an attach session's path mappings. */
export const SET_PATH_MAPPINGS = 'bugscope/setPathMappings'

/**
 * Adapter requests for a launch that runs on a pseudo-terminal (LaunchArguments.terminal): `bugscope/terminalInput`
 * {data}, keys typed into the program's terminal (Ctrl+C is "\x03", and interrupts it as in any terminal), and
 * `bugscope/terminalResize` {columns, rows}. Without a pty (other clients, Windows) input goes to the program's
 * stdin and a resize is ignored.
 */
export const TERMINAL_INPUT_REQUEST = 'bugscope/terminalInput'
export const TERMINAL_RESIZE_REQUEST = 'bugscope/terminalResize'

/** A terminal's size in character cells. */
export interface TerminalSize {
  columns: number
  rows: number
}

export interface TracerInfo {
  /** The engine tracing the program, e.g. "sys.monitoring" or "sys.settrace (pure Python)". */
  engine: string
  /** Version of the debugged interpreter, e.g. "3.12.1". */
  python: string
  pid: number
}

/** Launch configuration that the adapter accepts in a DAP `launch` request (VS Code compatible names). */
export interface LaunchArguments {
  /** Path of the script to run; or give `module`. */
  program?: string
  /** Module to run as `python -m module`. */
  module?: string
  args?: string[]
  cwd?: string
  env?: Record<string, string | null>
  /** Interpreter; default `python3` on PATH. */
  python?: string
  stopOnEntry?: boolean
  noDebug?: boolean
  /** Steps skip the standard library and installed packages (default true, as in debugpy). */
  justMyCode?: boolean
  /** Run untraced at full speed and stop only if an exception is about to end the program (or a thread):
   * the stop shows the traceback's frames, inspectable but not steppable. Breakpoints are not armed. */
  postMortem?: boolean
  /** Debug the program's Python child processes too (subprocess, multiprocessing, os.fork); default true. Each
   * child becomes its own session (see START_DEBUGGING_EVENT). */
  subProcess?: boolean
  /** What a breakpoint stops by default: every thread ("all", the default) or only the thread that hit it. */
  suspendPolicy?: SuspendPolicy
  /** Where the program's output goes (VS Code's names): the Debug Console for "internalConsole", else the
   * Terminal panel ("externalTerminal" too: Bugscope has no external terminal). */
  console?: 'internalConsole' | 'integratedTerminal' | 'externalTerminal'
  /**
   * Bugscope's workbench: run the program on a pseudo-terminal of this size (POSIX; console other than
   * "internalConsole"), so that it sees a TTY: input() with line editing, colours, Ctrl+C, the window's size. Its
   * output comes as `stdout` output events; keys go with TERMINAL_INPUT_REQUEST. Without it, the program has pipes.
   */
  terminal?: TerminalSize
  /**
   * Record the last lines the program ran (10,000 per thread) with the locals each changed, so that a stop can
   * step back through them (DAP stepBack, reverseContinue; docs/tracer-protocol.md, "Step back"). It slows the
   * program's own code down; library code is not recorded.
   */
  stepBack?: boolean
}

/** What a stop suspends: every thread of the program, or only the thread that stopped. */
export type SuspendPolicy = 'all' | 'thread'

/**
 * A thread as the tracer lists it: DAP's Thread plus its state, so a threads view can show which threads run
 * and why the others stopped (other clients ignore the extra fields).
 */
export interface ThreadWithState extends DebugProtocol.Thread {
  state?: 'running' | 'stopped'
  /** The stop reason (DAP's StoppedEvent reason) while stopped. */
  reason?: string
}

/** A folder on this machine and where the debugged program sees it (VS Code's `pathMappings` entries). */
export interface PathMapping {
  localRoot: string
  remoteRoot: string
}

/** Where to attach, without the secret: what the dialog remembers and launch.json describes. */
export interface AttachTarget {
  host: string
  port: number
  tls: boolean
  tlsFingerprint?: string
  pathMappings: PathMapping[]
}

/** An attach configuration found in the open folder's .vscode/launch.json. */
export interface AttachConfiguration extends AttachTarget {
  name: string
}

/** A recently used target; `token` is present only where the OS keychain keeps it (Electron's safeStorage). */
export interface RecentAttachTarget extends AttachTarget {
  token?: string
}

/** A Bugscope tracer listening on this machine, as it announces itself in the per-user runtime directory. */
export interface LocalListener {
  pid: number
  host: string
  port: number
  tls: boolean
  fingerprint?: string
  program?: string
  python?: string
  cwd?: string
  /** Present only when the program was started with --announce-token. */
  token?: string
}

export interface AttachChoices {
  recent: RecentAttachTarget[]
  configurations: AttachConfiguration[]
  listeners: LocalListener[]
  /** Whether tokens of recent targets can be kept (Electron with an OS keychain). */
  canStoreTokens: boolean
  /** What could not be read (a broken launch.json, no Python to list listeners), for the dialog to show. */
  problems: string[]
}

/** Attach configuration: a tracer started with `python -m bugscope --listen HOST:PORT`. */
export interface AttachArguments {
  host?: string
  port?: number
  /** VS Code's spelling of host and port; either form works. */
  connect?: { host?: string; port: number }
  /** The tracer's token (BUGSCOPE_TOKEN, --token-file, or the file it generated). */
  token: string
  /** Connect with TLS. Implied by `tlsFingerprint`. */
  tls?: boolean
  /**
   * SHA-256 fingerprint of the tracer's certificate as `--tls-self-signed` prints it (AA:BB:…). The
   * connection is refused before the token is sent when the certificate does not match.
   */
  tlsFingerprint?: string
  pathMappings?: PathMapping[]
  /** Steps skip the standard library and installed packages (default true). */
  justMyCode?: boolean
  /** Set by the adapter in a child process's START_DEBUGGING_EVENT: the session of its parent process. */
  parentSession?: string
  /** A child process's attach: its process id and the command line it runs, for the process tree. */
  childProcess?: { pid: number; ppid: number; name: string }
  /** As in LaunchArguments. */
  suspendPolicy?: SuspendPolicy
  subProcess?: boolean
  /** As in LaunchArguments: recording starts when the session attaches. */
  stepBack?: boolean
}

/** One entry of launch.json's `configurations`, as written there (VS Code's attributes; see RunConfiguration). */
export type LaunchJsonEntry = { name: string; type: string; request: 'launch' | 'attach' } & Record<string, unknown>

/**
 * A configuration of the open folder's .vscode/launch.json (types python, debugpy and bugscope), ready to start:
 * `${workspaceFolder}`, `${env:NAME}`, `${userHome}` and `${cwd}` are substituted and `envFile` is read into `env`
 * by the host; the variables of the active editor (EDITOR_VARIABLES: `${file}`, `${fileDirname}`…) are left for
 * the workbench to fill in when it starts it.
 */
export interface RunConfiguration {
  name: string
  request: 'launch' | 'attach'
  /** Line (from 1) where the entry starts in launch.json. */
  line: number
  launch?: LaunchArguments
  /** An attach entry: where to (`connect` or `host`/`port`), its path mappings, and its token if it has one. */
  attach?: AttachTarget & { token?: string; justMyCode?: boolean }
  /** What keeps it from starting (an unknown variable, a wrong attribute…), each a sentence for the user. */
  problems: string[]
  /** What is ignored when it starts (a missing envFile, a preLaunchTask…), shown in the Debug Console then. */
  warnings?: string[]
}

export interface RunConfigurations {
  /** Absolute path of the folder's .vscode/launch.json, whether or not it exists. */
  file: string
  exists: boolean
  configurations: RunConfiguration[]
  /** launch.json could not be read: "is not valid JSON: line L, column C: what is wrong" (to follow the file's
   * name). Debugging the current file still works. */
  error?: { message: string; line?: number; column?: number }
}

/** The variables that depend on the active editor, substituted by the workbench (VS Code's names). */
export const EDITOR_VARIABLES = [
  'file',
  'fileBasename',
  'fileBasenameNoExtension',
  'fileDirname',
  'fileDirnameBasename',
  'fileExtname',
  'relativeFile',
  'relativeFileDirname',
  'fileWorkspaceFolder',
  'lineNumber',
] as const

/** What is remembered per project folder (its .bugscope/settings.json): its choices, and debug settings that
 * override the user's for its sessions. */
export interface ProjectSettings extends Pick<Settings, 'justMyCode' | 'suspendPolicy' | 'stepBack'> {
  /** The interpreter chosen for this project; absent: Settings.python (the user setting). */
  python?: string
  /** The run configuration chosen last (its name); absent: debug the current file. */
  runConfiguration?: string
}

/** A Python interpreter found on this machine. */
export interface InterpreterInfo {
  /** Absolute path of the executable (not resolved through symlinks: a venv's python is the venv). */
  path: string
  /** Where it was found: the project's .venv/venv/env, pyenv, conda, PATH, or the path chosen for the project. */
  source: 'project' | 'pyenv' | 'conda' | 'path' | 'chosen'
  /** The environment's name: ".venv", "3.12.1" (pyenv), "base" or the env's name (conda), the file name on PATH. */
  name: string
  /** "3.12.1"; absent when it did not run. */
  version?: string
  /** Why the tracer cannot use it (it does not run, it is older than 3.8). */
  problem?: string
}

/** Something wrong in a settings file. */
export interface SettingsProblem {
  /** For the user, naming the file and where: 'settings.json line 4, column 3: "theme" must be …'. */
  message: string
  /** Absolute path of the file. */
  file: string
  /** From 1, as editors show them; absent when the file cannot be read at all. */
  line?: number
  column?: number
  /** The file is not used (its last good values are) and changes from the UI are refused; false: a key is ignored. */
  broken: boolean
}

export interface SettingsFileInfo {
  /** Absolute path, whether or not the file exists. */
  path: string
  exists: boolean
  /** A problem makes the whole file unusable: bad JSON, a value of the wrong type. */
  broken: boolean
  problems: SettingsProblem[]
}

export interface SettingsFiles {
  user: SettingsFileInfo
  /** The open folder's .bugscope/settings.json; null when no folder is open. */
  project: SettingsFileInfo | null
}
