// One DAP endpoint over a byte stream: outgoing requests correlated with their responses (with a
// timeout each), incoming events and requests handed to listeners. Used for the adapter's link to a
// tracer (a socket) and for the stdio adapter (stdin/stdout).
import type { Readable, Writable } from 'node:stream'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { encodeMessage, MessageDecoder, type FramingError } from './framing'

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000

interface Pending {
  command: string
  resolve: (response: DebugProtocol.Response) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

export class DapConnection {
  private seq = 1
  private readonly pending = new Map<number, Pending>()
  private closedReason: string | null = null
  private readonly eventListeners = new Set<(event: DebugProtocol.Event) => void>()
  private readonly requestListeners = new Set<(request: DebugProtocol.Request) => void>()
  private readonly closeListeners = new Set<(reason: string) => void>()
  private readonly errorListeners = new Set<(error: FramingError) => void>()

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    /** Who is on the other end, for error messages ("the tracer"). */
    readonly peer: string,
  ) {
    const decoder = new MessageDecoder(
      (message) => this.dispatch(message),
      (error) => this.errorListeners.forEach((l) => l(error)),
    )
    input.on('data', (chunk: Buffer) => decoder.push(chunk))
    input.on('close', () => this.markClosed(`${peer} closed the connection`))
    input.on('end', () => this.markClosed(`${peer} closed the connection`))
    input.on('error', (err) => this.markClosed(`connection to ${peer} failed: ${err.message}`))
    output.on('error', (err) => this.markClosed(`connection to ${peer} failed: ${err.message}`))
  }

  get isClosed(): boolean {
    return this.closedReason !== null
  }

  /** Sends a request and resolves with its response, success or not. Rejects on timeout or close. */
  request(command: string, args?: unknown, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<DebugProtocol.Response> {
    if (this.closedReason) return Promise.reject(new Error(`cannot send '${command}': ${this.closedReason}`))
    const seq = this.seq++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq)
        reject(new Error(`${this.peer} did not answer '${command}' within ${timeoutMs / 1000} s`))
      }, timeoutMs)
      this.pending.set(seq, { command, resolve, reject, timer })
      this.write({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request)
    })
  }

  sendEvent(event: string, body?: unknown): void {
    this.write({ seq: this.seq++, type: 'event', event, body } as DebugProtocol.Event)
  }

  /** Writes a response or event built elsewhere, giving it this connection's next seq. */
  send(message: Omit<DebugProtocol.Response, 'seq'> | Omit<DebugProtocol.Event, 'seq'>): void {
    this.write({ ...message, seq: this.seq++ } as DebugProtocol.ProtocolMessage)
  }

  onEvent(listener: (event: DebugProtocol.Event) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  onRequest(listener: (request: DebugProtocol.Request) => void): () => void {
    this.requestListeners.add(listener)
    return () => this.requestListeners.delete(listener)
  }

  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason) {
      listener(this.closedReason)
      return () => {}
    }
    this.closeListeners.add(listener)
    return () => this.closeListeners.delete(listener)
  }

  onProtocolError(listener: (error: FramingError) => void): () => void {
    this.errorListeners.add(listener)
    return () => this.errorListeners.delete(listener)
  }

  close(reason = 'connection closed'): void {
    this.markClosed(reason)
    this.output.end()
    if ('destroy' in this.input && typeof this.input.destroy === 'function') this.input.destroy()
  }

  private write(message: DebugProtocol.ProtocolMessage): void {
    if (this.closedReason) return
    this.output.write(encodeMessage(message))
  }

  private dispatch(message: DebugProtocol.ProtocolMessage): void {
    if (message.type === 'response') {
      const response = message as DebugProtocol.Response
      const pending = this.pending.get(response.request_seq)
      if (!pending) return
      this.pending.delete(response.request_seq)
      clearTimeout(pending.timer)
      pending.resolve(response)
    } else if (message.type === 'event') {
      this.eventListeners.forEach((l) => l(message as DebugProtocol.Event))
    } else if (message.type === 'request') {
      this.requestListeners.forEach((l) => l(message as DebugProtocol.Request))
    }
  }

  private markClosed(reason: string): void {
    if (this.closedReason) return
    this.closedReason = reason
    for (const [, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new Error(`no answer to '${p.command}': ${reason}`))
    }
    this.pending.clear()
    this.closeListeners.forEach((l) => l(reason))
    this.closeListeners.clear()
  }
}
