// The wire of one debug session: DAP requests with a time limit, and the session's events.
// Everything above this file speaks in DebugProtocol types; nothing below it knows about the model.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { HostApi } from '../../src-preload/contract'
import { errorMessage } from '../errorMessage'

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000

/** A DAP request that failed: the adapter answered success:false, the host rejected, or no answer came in time. */
export class DapError extends Error {
  constructor(
    readonly command: string,
    message: string,
    readonly response?: DebugProtocol.Response,
  ) {
    super(message)
    this.name = 'DapError'
  }
}

/** The user-facing text of a failed DAP response (DAP puts it in body.error.format, or in message). */
export function responseErrorMessage(command: string, response: DebugProtocol.Response): string {
  const body = response.body as { error?: DebugProtocol.Message } | undefined
  const format = body?.error?.format
  if (format) {
    const vars = body?.error?.variables ?? {}
    return format.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? vars[name] : m))
  }
  return response.message || `The debug adapter refused '${command}'.`
}

export class DapClient {
  private readonly listeners = new Set<(e: DebugProtocol.Event) => void>()
  private readonly unsubscribe: () => void
  private disposed = false

  constructor(
    private readonly host: HostApi,
    readonly sessionId: string,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    this.unsubscribe = host.onSessionEvent((e) => {
      if (e.sessionId !== sessionId || this.disposed) return
      for (const l of [...this.listeners]) l(e.event)
    })
  }

  onEvent(listener: (e: DebugProtocol.Event) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Sends a request; resolves with a successful response, rejects with a DapError otherwise. */
  async request<R extends DebugProtocol.Response = DebugProtocol.Response>(
    command: string,
    args?: unknown,
    timeoutMs = this.timeoutMs,
  ): Promise<R> {
    if (this.disposed) throw new DapError(command, `The debug session has ended; '${command}' was not sent.`)
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DapError(
              command,
              `The debugger did not answer '${command}' within ${Math.round(timeoutMs / 1000)} s. ` +
                'Stop the session (Shift+F5) and start again.',
            ),
          ),
        timeoutMs,
      )
    })
    try {
      const response = await Promise.race([this.host.dapRequest(this.sessionId, command, args), timeout])
      if (!response.success) throw new DapError(command, responseErrorMessage(command, response), response)
      return response as R
    } catch (err) {
      if (err instanceof DapError) throw err
      throw new DapError(command, errorMessage(err))
    } finally {
      clearTimeout(timer)
    }
  }

  dispose(): void {
    this.disposed = true
    this.listeners.clear()
    this.unsubscribe()
  }
}
