// The sandboxed preload: exposes HostApi to the renderer as `window.bugscope` and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { HOST_METHODS, IPC_INVOKE, IPC_SESSION_EVENT, IPC_SHELL_EVENT, type HostApi, type SessionEvent, type ShellEvent } from './contract'

const invoke = (method: string) => (...args: unknown[]) => ipcRenderer.invoke(IPC_INVOKE, method, args)

const api = Object.fromEntries(HOST_METHODS.map((m) => [m, invoke(m)])) as unknown as Omit<HostApi, 'transport' | 'onSessionEvent' | 'onShellEvent'>

const bugscope: HostApi = {
  ...api,
  transport: 'electron',
  onSessionEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: SessionEvent) => listener(payload)
    ipcRenderer.on(IPC_SESSION_EVENT, handler)
    return () => ipcRenderer.removeListener(IPC_SESSION_EVENT, handler)
  },
  onShellEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: ShellEvent) => listener(payload)
    ipcRenderer.on(IPC_SHELL_EVENT, handler)
    return () => ipcRenderer.removeListener(IPC_SHELL_EVENT, handler)
  },
}

contextBridge.exposeInMainWorld('bugscope', bugscope)
