// Watch expressions: the list the user keeps (pure functions, like the breakpoint table) and how one is
// evaluated in a frame. Results belong to a stop: they are dropped when the debuggee resumes.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'
import type { StopContext } from './variablePages'
import { errorMessage } from '../errorMessage'

export interface WatchExpression {
  /** Local identity; also the expansion key of the result's children (`watch:<id>`). */
  readonly id: number
  readonly expression: string
}

/** One watch's value in the selected frame, or why it has none. */
export interface WatchResult {
  readonly loading: boolean
  readonly value?: string
  readonly type?: string
  readonly error?: string
  /** > 0 when the value is a container whose children load like variables. */
  readonly variablesReference: number
  readonly indexedVariables?: number
}

let nextId = 1

export function watchKey(watch: WatchExpression): string {
  return `watch:${watch.id}`
}

/** Adds an expression (blank text is ignored). */
export function addWatch(list: readonly WatchExpression[], expression: string): readonly WatchExpression[] {
  const text = expression.trim()
  return text ? [...list, { id: nextId++, expression: text }] : list
}

/** Changes an expression's text; blank text removes it. */
export function editWatch(list: readonly WatchExpression[], id: number, expression: string): readonly WatchExpression[] {
  const text = expression.trim()
  if (!text) return removeWatch(list, id)
  return list.map((w) => (w.id === id ? { id, expression: text } : w))
}

export function removeWatch(list: readonly WatchExpression[], id: number): readonly WatchExpression[] {
  return list.filter((w) => w.id !== id)
}

/** Watches read back from the folder store: the expressions, in order, skipping what is not text. */
export function watchesFromStored(stored: unknown): readonly WatchExpression[] {
  let list: readonly WatchExpression[] = []
  for (const item of Array.isArray(stored) ? stored : []) if (typeof item === 'string') list = addWatch(list, item)
  return list
}

/**
 * Evaluates one watch in a frame with DAP context "watch". The tracer refuses side effects there (calls,
 * assignments) with an error that says to use the console; every failure becomes the result's `error`.
 */
export async function evaluateWatch(client: DapClient, expression: string, frameId: number, format?: DebugProtocol.ValueFormat): Promise<WatchResult> {
  try {
    const response = await client.request<DebugProtocol.EvaluateResponse>('evaluate', {
      expression,
      frameId,
      context: 'watch',
      ...(format ? { format } : {}),
    } satisfies DebugProtocol.EvaluateArguments)
    const body = response.body
    return {
      loading: false,
      value: body?.result ?? '',
      type: body?.type,
      variablesReference: body?.variablesReference ?? 0,
      indexedVariables: body?.indexedVariables,
    }
  } catch (err) {
    return { loading: false, error: errorMessage(err), variablesReference: 0 }
  }
}

/** Evaluates watches in the selected frame of a stopped session; each result replaces that watch's old one. */
export async function evaluateWatches(ctx: StopContext, watches: readonly WatchExpression[]): Promise<void> {
  const state = ctx.state()
  const frameId = state?.status === 'stopped' ? state.selectedFrameId : undefined
  if (frameId === undefined || watches.length === 0) return
  const generation = ctx.generation()
  const setResults = (results: Record<number, WatchResult>) => ctx.patch((s) => ({ ...s, watchResults: { ...s.watchResults, ...results } }))
  setResults(Object.fromEntries(watches.map((w) => [w.id, { ...state?.watchResults[w.id], loading: true, variablesReference: 0 }])))
  await Promise.all(
    watches.map(async (w) => {
      const result = await evaluateWatch(ctx.client, w.expression, frameId, ctx.valueFormat?.())
      if (generation === ctx.generation() && ctx.state()?.selectedFrameId === frameId) setResults({ [w.id]: result })
    }),
  )
}
