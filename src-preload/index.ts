// The sandboxed preload: exposes HostApi to the renderer as `window.bugscope` and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { HOST_METHODS, IPC_INVOKE, IPC_SESSION_EVENT, type HostApi, type SessionEvent } from './contract'

const invoke = (method: string) => (...args: unknown[]) => ipcRenderer.invoke(IPC_INVOKE, method, args)

const api = Object.fromEntries(HOST_METHODS.map((m) => [m, invoke(m)])) as unknown as Omit<HostApi, 'transport' | 'onSessionEvent'>

const bugscope: HostApi = {
  ...api,
  transport: 'electron',
  onSessionEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: SessionEvent) => listener(payload)
    ipcRenderer.on(IPC_SESSION_EVENT, handler)
    return () => ipcRenderer.removeListener(IPC_SESSION_EVENT, handler)
  },
}

contextBridge.exposeInMainWorld('bugscope', bugscope)
