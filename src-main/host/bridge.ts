// Calls that arrive over a transport (Electron IPC, WebSocket) are untrusted input: only the
// methods named in the contract are reachable, with an argument list.
import { HOST_METHODS, type HostMethod } from '../../src-preload/contract'
import type { Host } from './host'

export function isHostMethod(name: unknown): name is HostMethod {
  return typeof name === 'string' && (HOST_METHODS as readonly string[]).includes(name)
}

export async function callHost(host: Host, method: unknown, args: unknown): Promise<unknown> {
  if (!isHostMethod(method)) throw new Error(`Unknown host method ${JSON.stringify(method)}`)
  if (!Array.isArray(args)) throw new Error(`Arguments of ${method} must be an array`)
  const fn = host[method] as (...a: unknown[]) => Promise<unknown>
  return fn(...args)
}
