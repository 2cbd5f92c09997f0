// Getting a DAP connection to a tracer: either one we spawned that connects back to us (launch), or
// one listening somewhere (attach). Both end with an attached DapConnection.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { TracerInfo } from '../../src-preload/contract'
import { DapConnection } from '../dap/connection'

/** How long a spawned tracer has to connect back before the launch fails. */
export const CONNECT_BACK_TIMEOUT_MS = 20_000

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function tokensEqual(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The `initialize` arguments the adapter sends to a tracer (it always speaks native paths, 1-based). */
export const TRACER_INITIALIZE: DebugProtocol.InitializeRequestArguments = {
  clientID: 'bugscope-adapter',
  clientName: 'Bugscope',
  adapterID: 'bugscope',
  pathFormat: 'path',
  linesStartAt1: true,
  columnsStartAt1: true,
  supportsVariableType: true,
}

/**
 * A 127.0.0.1 listener waiting for the spawned tracer to connect back and present `token` in its
 * `bugscope/handshake` event. Connections that present anything else are closed and ignored, so a
 * local process that races to the port cannot take the session.
 */
export class ConnectBackListener {
  private server: Server
  private readonly sockets = new Set<Socket>()
  readonly token = newToken()

  private constructor(server: Server) {
    this.server = server
  }

  static async open(): Promise<ConnectBackListener> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return new ConnectBackListener(server)
  }

  get port(): number {
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('listener has no TCP address')
    return address.port
  }

  /** Resolves with the connection of the first peer that presents the token. */
  accept(): Promise<DapConnection> {
    return new Promise((resolve) => {
      this.server.on('connection', (socket) => {
        this.sockets.add(socket)
        socket.setNoDelay(true)
        const connection = new DapConnection(socket, socket, 'the tracer')
        socket.once('close', () => this.sockets.delete(socket))
        const timer = setTimeout(() => connection.close('no handshake'), 5000)
        const off = connection.onEvent((event) => {
          off()
          clearTimeout(timer)
          const body = event.body as { token?: unknown } | undefined
          if (event.event === 'bugscope/handshake' && tokensEqual(body?.token, this.token)) {
            this.sockets.delete(socket)
            this.close()
            resolve(connection)
          } else {
            connection.close('bad handshake')
          }
        })
      })
    })
  }

  close(): void {
    this.server.close()
  }

  /** Closes the listener and any connection that never completed the handshake. */
  dispose(): void {
    this.server.close()
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }
}

/** Connects to a tracer started with `--listen`. Rejects with a message a user can act on. */
export function connectToTracer(host: string, port: number, timeoutMs = 10_000): Promise<DapConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`Could not connect to ${host}:${port} within ${timeoutMs / 1000} s. Is the program running with --listen?`))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.setNoDelay(true)
      resolve(new DapConnection(socket, socket, 'the tracer'))
    })
    socket.once('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`Could not connect to ${host}:${port}: ${err.message}. Is the program running with --listen?`))
    })
  })
}

/** `initialize` then `attach` with the token; throws with the tracer's message when it refuses. */
export async function attachTracer(
  connection: DapConnection,
  token: string,
  stopOnEntry: boolean,
): Promise<{ capabilities: DebugProtocol.Capabilities; info: Partial<TracerInfo> }> {
  const init = await connection.request('initialize', TRACER_INITIALIZE)
  if (!init.success) throw new Error(`The tracer refused to initialize: ${init.message}`)
  const attach = await connection.request('attach', { token, stopOnEntry })
  if (!attach.success) throw new Error(`The tracer refused to attach: ${attach.message}`)
  return { capabilities: (init.body ?? {}) as DebugProtocol.Capabilities, info: (attach.body ?? {}) as Partial<TracerInfo> }
}
