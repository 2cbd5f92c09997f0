// The API the renderer calls, as one plain-Node object. Electron IPC and the browser-mode WebSocket
// both put this same object behind their transport (see ./bridge.ts).
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { START_DEBUGGING_EVENT, type HostApi, type LocalListener, type RecentAttachTarget, type SessionEvent, type Settings, type WorkspaceState } from '../../src-preload/contract'
import { listLocalListeners } from '../adapter/listeners'
import { suggestPathMappings } from '../adapter/pathMapping'
import { DebugAdapter } from '../adapter/session'
import { resolveInterpreter } from '../interpreters/resolve'
import { fileStamps, isInside, listDir, listFilesRecursively, readTextFile, requireDirectory, writeTextFile } from '../workspace/files'
import { FolderWatcher } from '../workspace/folderWatcher'
import { readAttachConfigurations } from '../workspace/launchJson'
import { StateStore } from '../workspace/store'
import { SettingsStore } from '../workspace/settings'
import { createRunSetup } from './runSetup'
import { ShellTerminals } from './shells'

export interface HostOptions {
  /** Directory holding the `bugscope` Python package. */
  tracerDir?: string
  /** Where settings and recent folders are kept. */
  stateDir: string
  /** The native folder dialog, where there is one. */
  pickFolder?: () => Promise<string | null>
  /** The built bugscope.pyz; default out/bugscope.pyz beside the tracer folder's parent. */
  tracerArchive?: string
  /** The OS keychain (Electron's safeStorage), where there is one: tokens are stored only through it. */
  secrets?: SecretStore
}

export interface SecretStore {
  encrypt(plain: string): string
  decrypt(cipher: string): string
}

/** The host side of HostApi: the same methods, plus disposal. */
export type Host = Omit<HostApi, 'transport'> & {
  dispose(): Promise<void>
  /** The renderer's last setUnsavedFileCount: what the window's "leave with unsaved changes?" question names. */
  unsavedFileCount(): number
}

/** `<repo>/python` from this module, both in src-main/<dir>/ and bundled in out/main/. */
export function defaultTracerDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python')
}

export function createHost(options: HostOptions): Host {
  const store = new StateStore(options.stateDir)
  const settings = new SettingsStore(options.stateDir, store)
  const tracerDir = options.tracerDir ?? defaultTracerDir()
  const sessions = new Map<string, DebugAdapter>()
  const listeners = new Set<(e: SessionEvent) => void>()
  let root: string | null = null
  let watcher: FolderWatcher | undefined
  /** Batches seen by watchers of folders opened before: the version only grows, whichever folder is open. */
  let earlierVersions = 0
  let requestSeq = 1
  /** Files the renderer has read: it may save them even outside the open folder (a file opened from a stack). */
  const openedFiles = new Set<string>()
  /** Editors with unsaved changes, as the renderer last said. */
  let unsavedFiles = 0
  /** Whether the renderer may save (and watch) `file`, an absolute resolved path. */
  const mayWrite = (file: string) => (root !== null && isInside(root, file)) || openedFiles.has(file) || file === settings.user.path
  const shells = new ShellTerminals({
    tracerDir,
    python: () => resolveInterpreter(runSetup.effectivePython(), root ?? undefined),
    cwd: () => root,
  })
  const runSetup = createRunSetup(settings, () => root)

  const workspace = (): WorkspaceState => ({ root, recent: store.recent })

  const session = (id: unknown): DebugAdapter => {
    const adapter = typeof id === 'string' ? sessions.get(id) : undefined
    if (!adapter) throw new Error(`No debug session ${JSON.stringify(id)}: it has ended.`)
    return adapter
  }

  return {
    pickFolder: async () => (options.pickFolder ? options.pickFolder() : null),
    async openFolder(path) {
      root = await requireDirectory(path)
      earlierVersions += (watcher?.version ?? 0) + 1
      watcher?.close()
      watcher = new FolderWatcher(root)
      store.addRecent(root)
      return workspace()
    },
    workspace: async () => workspace(),
    listDir: (path) => listDir(path),
    async readFile(path) {
      const text = await readTextFile(path)
      openedFiles.add(resolve(path))
      return text
    },
    writeFile: (path, text) => writeTextFile(path, text, mayWrite),
    fileStamps: (paths) => fileStamps(paths, mayWrite),
    setUnsavedFileCount: async (count) => {
      unsavedFiles = Number.isInteger(count) && count > 0 ? count : 0
    },
    unsavedFileCount: () => unsavedFiles,
    folderVersion: async () => earlierVersions + (watcher?.version ?? 0),
    listProjectFiles: async () => (root ? listFilesRecursively(root) : []),
    getSettings: async () => settings.settings(root),
    setSettings: async (patch: Partial<Settings>) => {
      if (typeof patch !== 'object' || patch === null) throw new Error('setSettings needs an object')
      return settings.updateSettings(patch, root)
    },
    settingsFiles: async () => settings.files(root),
    openSettingsFile: async (scope) => {
      if (scope !== 'user' && scope !== 'project') throw new Error('openSettingsFile needs "user" or "project"')
      return settings.createFile(scope, root)
    },
    checkPython: () => runSetup.checkPython(),
    getFolderState: async (folder: string) => {
      if (typeof folder !== 'string') throw new Error('getFolderState needs a folder path')
      return store.folderState(folder)
    },
    setFolderState: async (folder: string, state: unknown) => store.setFolderState(folder, state),
    async attachChoices() {
      const problems: string[] = []
      const recent = store.attachTargets.map(({ tokenCipher, ...target }): RecentAttachTarget => {
        if (!tokenCipher || !options.secrets) return target
        try {
          return { ...target, token: options.secrets.decrypt(tokenCipher) }
        } catch {
          return target // the keychain changed; the user types the token again
        }
      })
      const configurations = root
        ? await readAttachConfigurations(root).catch((e: Error) => (problems.push(e.message), []))
        : []
      let listeners: LocalListener[] = []
      try {
        listeners = await listLocalListeners(resolveInterpreter(runSetup.effectivePython()), tracerDir)
      } catch (e) {
        problems.push((e as Error).message)
      }
      return { recent, configurations, listeners, canStoreTokens: !!options.secrets, problems }
    },
    async rememberAttachTarget(target) {
      if (typeof target?.host !== 'string' || !Number.isInteger(target?.port)) throw new Error('rememberAttachTarget needs host and port')
      const { token, ...rest } = target
      const tokenCipher = token && options.secrets ? options.secrets.encrypt(token) : undefined
      store.addAttachTarget({ ...rest, pathMappings: Array.isArray(rest.pathMappings) ? rest.pathMappings : [], tokenCipher })
    },
    async tracerArchive() {
      const archive = options.tracerArchive ?? resolve(tracerDir, '..', 'out', 'bugscope.pyz')
      return existsSync(archive) ? archive : null
    },
    async suggestPathMappings(remotePaths) {
      if (!root || !Array.isArray(remotePaths)) return []
      const files = await listFilesRecursively(root)
      return suggestPathMappings(remotePaths.filter((p): p is string => typeof p === 'string'), root, files)
    },
    async createSession() {
      const id = randomUUID()
      const adapter = new DebugAdapter({ tracerDir, defaultPython: () => runSetup.effectivePython() })
      adapter.onEvent((event) => listeners.forEach((l) => l({ sessionId: id, event: withParentSession(event, id) })))
      sessions.set(id, adapter)
      return id
    },
    async dapRequest(sessionId, command, args) {
      if (typeof command !== 'string' || !command) throw new Error('dapRequest needs a command name')
      const request: DebugProtocol.Request = { seq: requestSeq++, type: 'request', command, arguments: args }
      return session(sessionId).handleRequest(request)
    },
    async disposeSession(sessionId) {
      const adapter = sessions.get(sessionId)
      sessions.delete(sessionId)
      await adapter?.dispose()
    },
    runConfigurations: runSetup.runConfigurations,
    addRunConfiguration: runSetup.addRunConfiguration,
    getProjectSettings: runSetup.getProjectSettings,
    setProjectSettings: runSetup.setProjectSettings,
    listInterpreters: runSetup.listInterpreters,
    onSessionEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    openShell: (size) => shells.open(size),
    shellInput: async (shellId, data) => shells.input(shellId, data),
    resizeShell: async (shellId, size) => shells.resize(shellId, size),
    closeShell: (shellId) => shells.close(shellId),
    onShellEvent: (listener) => shells.onEvent(listener),
    async dispose() {
      await shells.dispose()
      watcher?.close()
      watcher = undefined
      const all = [...sessions.values()]
      sessions.clear()
      await Promise.all(all.map((a) => a.dispose()))
      listeners.clear()
    },
  }
}

/** A child process's attach configuration names the session it came from, for the workbench's process tree. */
function withParentSession(event: DebugProtocol.Event, sessionId: string): DebugProtocol.Event {
  if (event.event !== START_DEBUGGING_EVENT) return event
  const body = event.body as DebugProtocol.StartDebuggingRequestArguments
  return { ...event, body: { ...body, configuration: { ...body.configuration, parentSession: sessionId } } }
}

/** Default state directory outside Electron (browser mode, the stdio adapter). */
export function defaultStateDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(process.env.HOME || process.env.USERPROFILE || '.', '.config')
  return join(base, 'bugscope')
}
