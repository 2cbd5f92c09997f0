// HostApi over a WebSocket (browser mode): each call is an `invoke` with a fresh id answered by a `result`;
// session events arrive as `push`. Calls made before the socket opens are queued; when it closes, pending and
// later calls fail with an error that says what to do.
import type { HostApi, HostMethod, SessionEvent, ShellEvent, WireMessage } from '../src-preload/contract'

/** The part of the browser WebSocket this module uses (so tests can pass a fake). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void
}

const OPEN = 1

export function createWebSocketHost(url: string, connect: (url: string) => SocketLike = (u) => new WebSocket(u)): HostApi {
  const socket = connect(url)
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const queue: string[] = []
  const listeners = new Set<(e: SessionEvent) => void>()
  const shellListeners = new Set<(e: ShellEvent) => void>()
  let nextId = 1
  let closedError: Error | undefined

  socket.addEventListener('open', () => {
    for (const data of queue.splice(0)) socket.send(data)
  })
  const onClosed = () => {
    closedError ??= new Error('The connection to the Bugscope host was lost. Restart the host and reload this page.')
    for (const p of pending.values()) p.reject(closedError)
    pending.clear()
    queue.length = 0
  }
  socket.addEventListener('close', onClosed)
  socket.addEventListener('error', onClosed)
  socket.addEventListener('message', (e) => {
    let msg: WireMessage
    try {
      msg = JSON.parse(String(e.data)) as WireMessage
    } catch {
      console.warn('bugscope: ignoring a malformed message from the host')
      return
    }
    if (msg.kind === 'push') {
      for (const l of [...listeners]) l(msg.event)
    } else if (msg.kind === 'shell') {
      for (const l of [...shellListeners]) l(msg.event)
    } else if (msg.kind === 'result') {
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      if (msg.ok) p.resolve(msg.value)
      else p.reject(new Error(msg.error))
    }
  })

  function invoke<T>(method: HostMethod, ...args: unknown[]): Promise<T> {
    if (closedError) return Promise.reject(closedError)
    const id = nextId++
    const data = JSON.stringify({ kind: 'invoke', id, method, args } satisfies WireMessage)
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      if (socket.readyState === OPEN) socket.send(data)
      else queue.push(data)
    })
  }

  return {
    transport: 'web',
    pickFolder: () => invoke('pickFolder'),
    openFolder: (path) => invoke('openFolder', path),
    workspace: () => invoke('workspace'),
    listDir: (path) => invoke('listDir', path),
    readFile: (path) => invoke('readFile', path),
    writeFile: (path, text) => invoke('writeFile', path, text),
    fileStamps: (paths) => invoke('fileStamps', paths),
    setUnsavedFileCount: (count) => invoke('setUnsavedFileCount', count),
    folderVersion: () => invoke('folderVersion'),
    listProjectFiles: () => invoke('listProjectFiles'),
    getSettings: () => invoke('getSettings'),
    setSettings: (patch) => invoke('setSettings', patch),
    settingsFiles: () => invoke('settingsFiles'),
    openSettingsFile: (scope) => invoke('openSettingsFile', scope),
    checkPython: () => invoke('checkPython'),
    getFolderState: (folder) => invoke('getFolderState', folder),
    setFolderState: (folder, state) => invoke('setFolderState', folder, state),
    attachChoices: () => invoke('attachChoices'),
    rememberAttachTarget: (target) => invoke('rememberAttachTarget', target),
    suggestPathMappings: (remotePaths) => invoke('suggestPathMappings', remotePaths),
    tracerArchive: () => invoke('tracerArchive'),
    createSession: () => invoke('createSession'),
    dapRequest: (sessionId, command, args) => invoke('dapRequest', sessionId, command, args),
    disposeSession: (sessionId) => invoke('disposeSession', sessionId),
    runConfigurations: (folder) => invoke('runConfigurations', folder),
    addRunConfiguration: (folder, entry) => invoke('addRunConfiguration', folder, entry),
    getProjectSettings: (folder) => invoke('getProjectSettings', folder),
    setProjectSettings: (folder, patch) => invoke('setProjectSettings', folder, patch),
    listInterpreters: (folder) => invoke('listInterpreters', folder),
    onSessionEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    openShell: (size) => invoke('openShell', size),
    shellInput: (shellId, data) => invoke('shellInput', shellId, data),
    resizeShell: (shellId, size) => invoke('resizeShell', shellId, size),
    closeShell: (shellId) => invoke('closeShell', shellId),
    onShellEvent: (listener) => {
      shellListeners.add(listener)
      return () => shellListeners.delete(listener)
    },
  }
}
