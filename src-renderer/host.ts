// The renderer's access to the host: the Electron preload's `window.bugscope`, or in browser mode a WebSocket
// to the web server that carries the same HostApi (see src-preload/contract.ts, WireMessage).
import type { HostApi } from '../src-preload/contract'
import { createWebSocketHost } from './webSocketHost'

declare global {
  interface Window {
    bugscope?: HostApi
  }
}

let host: HostApi | undefined

export function getHost(): HostApi {
  if (host) return host
  if (window.bugscope) {
    host = window.bugscope
  } else {
    const token = new URLSearchParams(location.search).get('token') ?? ''
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    host = createWebSocketHost(`${scheme}://${location.host}/ipc?token=${encodeURIComponent(token)}`)
  }
  return host
}
