// Getting a DAP connection to a tracer: either one we spawned that connects back to us (launch), or
// one listening somewhere (attach). Both end with an attached DapConnection.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, connect, isIP, type Server, type Socket } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { LaunchArguments, TracerInfo } from '../../src-preload/contract'
import { DapConnection } from '../dap/connection'

/** How long a spawned tracer has to connect back before the launch fails. */
export const CONNECT_BACK_TIMEOUT_MS = 20_000

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Compares a presented token with ours in constant time. */
export function tokensEqual(a: unknown, b: string): boolean {
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

export interface TracerAddress {
  host: string
  port: number
  /** Use TLS; implied by a fingerprint. */
  tls?: boolean
  /** Pinned SHA-256 certificate fingerprint (AA:BB:… as the tracer prints it; case and colons are ignored). */
  fingerprint?: string
}

export function normalizeFingerprint(text: string): string {
  return text.replace(/[^0-9a-f]/gi, '').toUpperCase()
}

/** Why a connection failed, in words that say what to check. */
function connectError(address: TracerAddress, err: NodeJS.ErrnoException): Error {
  const where = `${address.host}:${address.port}`
  switch (err.code) {
    case 'ECONNREFUSED':
      return new Error(`Connection refused by ${where}: nothing is listening there. Is the program running with --listen on that port?`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`Host not found: ${address.host}. Check the host name.`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new Error(`${address.host} cannot be reached from this machine (${err.code}). Check the network or use an SSH tunnel.`)
    case 'ECONNRESET':
      return new Error(
        `${where} closed the connection during the ${address.tls ? 'TLS handshake' : 'first exchange'}.` +
          (address.tls ? ' Is TLS enabled on the tracer (--tls-self-signed or --tls-cert)?' : ''),
      )
    default:
      return new Error(`Could not connect to ${where}: ${err.message}.`)
  }
}

/**
 * Connects to a tracer started with `--listen`, over TLS when asked. With a pinned fingerprint the
 * certificate is checked before a single DAP byte (and so the token) is sent. Rejects with a message
 * a user can act on: refused, timed out, fingerprint mismatch, TLS refused.
 */
export function connectToTracer(address: TracerAddress, timeoutMs = 10_000): Promise<DapConnection> {
  const useTls = address.tls || !!address.fingerprint
  const where = `${address.host}:${address.port}`
  return new Promise((resolve, reject) => {
    const socket: Socket = useTls
      ? tlsConnect({
          host: address.host,
          port: address.port,
          // The tracer's certificate is self-signed: trust comes from the pinned fingerprint, not a CA.
          rejectUnauthorized: false,
          servername: isIP(address.host) ? undefined : address.host,
          minVersion: 'TLSv1.2',
        })
      : connect({ host: address.host, port: address.port })
    const fail = (error: Error) => {
      clearTimeout(timer)
      socket.destroy()
      reject(error)
    }
    const timer = setTimeout(
      () => fail(new Error(`Timed out after ${timeoutMs / 1000} s connecting to ${where}. Check the host, the port and any firewall.`)),
      timeoutMs,
    )
    socket.once('error', (err) => fail(connectError({ ...address, tls: useTls }, err)))
    socket.once(useTls ? 'secureConnect' : 'connect', () => {
      if (useTls) {
        const presented = (socket as TLSSocket).getPeerCertificate()?.fingerprint256 ?? ''
        if (!address.fingerprint) {
          return fail(new Error(`TLS needs the tracer's certificate fingerprint (printed by --tls-self-signed) to know it talks to the right program.`))
        }
        if (normalizeFingerprint(presented) !== normalizeFingerprint(address.fingerprint)) {
          return fail(
            new Error(
              `TLS fingerprint mismatch for ${where}: expected ${address.fingerprint}, the server presented ${presented || 'no certificate'}. ` +
                'The token was not sent. Check the fingerprint the tracer printed; someone may be intercepting the connection.',
            ),
          )
        }
      }
      clearTimeout(timer)
      socket.removeAllListeners('error')
      socket.setNoDelay(true)
      resolve(new DapConnection(socket, socket, `the tracer at ${where}`))
    })
  })
}

/** What the tracer is told in `attach` besides the token, as the launch or attach configuration says. */
export type TracerOptions = Pick<LaunchArguments, 'justMyCode' | 'suspendPolicy' | 'stepBack'>

/** `initialize` then `attach` with the token; throws with the tracer's message when it refuses. */
export async function attachTracer(
  connection: DapConnection,
  token: string,
  stopOnEntry: boolean,
  options: TracerOptions = {},
): Promise<{ capabilities: DebugProtocol.Capabilities; info: Partial<TracerInfo> }> {
  let init: DebugProtocol.Response
  try {
    init = await connection.request('initialize', TRACER_INITIALIZE, 5000)
  } catch (error) {
    throw new Error(
      `Protocol mismatch: ${connection.peer} did not answer a DAP initialize (${(error as Error).message}). ` +
        'Is it a Bugscope tracer, and does TLS match (on in both or off in both)?',
    )
  }
  if (!init.success) throw new Error(`The tracer refused to initialize: ${init.message}`)
  const { justMyCode, suspendPolicy, stepBack } = options
  const attach = await connection.request('attach', {
    token,
    stopOnEntry,
    ...(justMyCode === undefined ? {} : { justMyCode }),
    ...(suspendPolicy === undefined ? {} : { suspendPolicy }),
    ...(stepBack ? { stepBack: true } : {}),
  })
  if (!attach.success) {
    if (/token/i.test(attach.message ?? '')) {
      throw new Error('Wrong token: the tracer refused it. Use the token the program was started with (BUGSCOPE_TOKEN, --token-file, or the file it generated).')
    }
    throw new Error(`The tracer refused to attach: ${attach.message}`)
  }
  return { capabilities: (init.body ?? {}) as DebugProtocol.Capabilities, info: (attach.body ?? {}) as Partial<TracerInfo> }
}
