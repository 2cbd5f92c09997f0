// The stdio adapter's side of the wire to an editor: its requests go to the DebugAdapter, the adapter's events go
// back, and a child process's START_DEBUGGING_EVENT becomes DAP's reverse request `startDebugging`, which the
// editor (VS Code, nvim-dap) answers by starting a session with that attach configuration.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { START_DEBUGGING_EVENT, type LaunchArguments } from '../../src-preload/contract'
import type { DapConnection } from '../dap/connection'
import type { DebugAdapter } from './session'

export type AdapterEndpoint = Pick<DebugAdapter, 'onEvent' | 'handleRequest' | 'dispose'>

/** How long an editor may take to answer `startDebugging`; the answer itself changes nothing here. */
const START_DEBUGGING_TIMEOUT_MS = 60_000

/** Serves `editor` with `adapter` until the editor disconnects or goes away, then calls `onEnd`. */
export function serveEditor(adapter: AdapterEndpoint, editor: DapConnection, onEnd: () => void): void {
  let startsSessions = false
  adapter.onEvent((event) => {
    if (event.event !== START_DEBUGGING_EVENT) return editor.send(event)
    // DAP: a reverse request goes only to a client that declared it can answer it.
    if (startsSessions) void editor.request('startDebugging', event.body, START_DEBUGGING_TIMEOUT_MS).catch(() => undefined)
  })
  editor.onRequest((received) => {
    let request = received
    if (request.command === 'initialize') {
      startsSessions = (request.arguments as DebugProtocol.InitializeRequestArguments | undefined)?.supportsStartDebuggingRequest === true
    }
    if (request.command === 'launch' && !startsSessions) request = withoutChildSessions(request)
    void adapter.handleRequest(request).then((response) => {
      editor.send(response)
      if (request.command === 'disconnect') void adapter.dispose().finally(onEnd)
    })
  })
  editor.onClose(() => void adapter.dispose().finally(onEnd))
}

/** An editor that cannot start sessions gets no child sessions (unless the configuration asks): its children would
 * only wait for a debugger that never comes. */
function withoutChildSessions(request: DebugProtocol.Request): DebugProtocol.Request {
  const args = (request.arguments ?? {}) as LaunchArguments
  return args.subProcess === undefined ? { ...request, arguments: { ...args, subProcess: false } } : request
}
