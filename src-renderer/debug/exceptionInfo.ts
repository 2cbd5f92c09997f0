// The exception a thread stopped on, as the exception widget shows it: DAP `exceptionInfo` (type, message,
// traceback, chained causes), or the stop's own text when the debugger does not answer that request.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'

/** Custom request of the Bugscope tracer: stop no more for exceptions raised at {source: {path}, line}. */
export const IGNORE_EXCEPTION_AT = 'bugscope/ignoreExceptionAt'

export interface ExceptionView {
  readonly threadId: number
  /** The exception's type, e.g. "ValueError" (DAP exceptionId). */
  readonly exceptionId: string
  readonly description?: string
  readonly breakMode?: DebugProtocol.ExceptionBreakMode
  readonly details?: DebugProtocol.ExceptionDetails
  /** Where the thread stopped: what "Ignore at this location" names. */
  readonly location?: { readonly path: string; readonly line: number }
  /** Why "Ignore at this location" failed, shown in the widget. */
  readonly ignoreError?: string
}

/** The chain of causes: the exception's own details first, then each `innerException` in turn. */
export function exceptionChain(details: DebugProtocol.ExceptionDetails | undefined): DebugProtocol.ExceptionDetails[] {
  const chain: DebugProtocol.ExceptionDetails[] = []
  const seen = new Set<DebugProtocol.ExceptionDetails>()
  const walk = (d: DebugProtocol.ExceptionDetails | undefined) => {
    if (!d || seen.has(d) || chain.length > 50) return
    seen.add(d)
    chain.push(d)
    for (const inner of d.innerException ?? []) walk(inner)
  }
  walk(details)
  return chain
}

/**
 * Asks for the exception of a stopped thread. Falls back to the stop's description when the debugger
 * does not support `exceptionInfo` or refuses it, so the widget always has something true to say.
 */
export async function fetchExceptionInfo(
  client: DapClient,
  threadId: number,
  supported: boolean,
  stop: DebugProtocol.StoppedEvent['body'],
): Promise<ExceptionView> {
  const fallback: ExceptionView = { threadId, exceptionId: 'Exception', description: stop.description ?? stop.text }
  if (!supported) return fallback
  try {
    const response = await client.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId })
    const body = response.body
    if (!body) return fallback
    return { threadId, exceptionId: body.exceptionId, description: body.description, breakMode: body.breakMode, details: body.details }
  } catch {
    return fallback
  }
}
