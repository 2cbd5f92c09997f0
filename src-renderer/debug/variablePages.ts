// Children of a variablesReference (a scope, a variable, a watch result), fetched on expansion; large indexed
// containers come a page at a time. Answers that arrive after the debuggee resumed are dropped.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'
import type { SessionState } from './debugState'
import { errorMessage } from '../errorMessage'

export const VARIABLES_PAGE = 100

/** What code that reads a stopped session needs: its wire, its state, and whether an answer is stale. */
export interface StopContext {
  readonly client: DapClient
  readonly state: () => SessionState | null
  readonly patch: (change: (s: SessionState) => SessionState) => void
  /** Bumped when the debuggee resumes or stops. */
  readonly generation: () => number
  /** How values are formatted (hex integers), or undefined for the default. */
  readonly valueFormat?: () => DebugProtocol.ValueFormat | undefined
}

/** Loads the children of a variablesReference (first page of a large indexed container). */
export async function loadVariables(ctx: StopContext, ref: number, indexedVariables?: number): Promise<void> {
  const current = ctx.state()?.variables[ref]
  if (current && !current.error) return
  const paged = indexedVariables !== undefined && indexedVariables > VARIABLES_PAGE
  const args: DebugProtocol.VariablesArguments = paged
    ? { variablesReference: ref, filter: 'indexed', start: 0, count: VARIABLES_PAGE }
    : { variablesReference: ref }
  await fetchVariables(ctx, ref, args, [], paged ? indexedVariables : undefined)
}

/** Loads the next page of a paged container. */
export async function loadMoreVariables(ctx: StopContext, ref: number): Promise<void> {
  const current = ctx.state()?.variables[ref]
  if (!current || current.loading || current.nextStart === undefined) return
  const args = { variablesReference: ref, filter: 'indexed', start: current.nextStart, count: VARIABLES_PAGE } as const
  await fetchVariables(ctx, ref, args, current.items, current.indexedTotal)
}

async function fetchVariables(
  ctx: StopContext,
  ref: number,
  args: DebugProtocol.VariablesArguments,
  before: readonly DebugProtocol.Variable[],
  indexedTotal: number | undefined,
): Promise<void> {
  const generation = ctx.generation()
  const setChildren = (children: SessionState['variables'][number]) =>
    ctx.patch((s) => ({ ...s, variables: { ...s.variables, [ref]: children } }))
  setChildren({ items: before, loading: true, indexedTotal })
  const format = ctx.valueFormat?.()
  try {
    const response = await ctx.client.request<DebugProtocol.VariablesResponse>('variables', format ? { ...args, format } : args)
    if (generation !== ctx.generation()) return
    const got = response.body?.variables ?? []
    const items = [...before, ...got]
    // An adapter that ignores paging returns everything at once: then there is no next page.
    const pageEnd = (args.start ?? 0) + (args.count ?? 0)
    const nextStart =
      indexedTotal !== undefined && args.count !== undefined && got.length <= args.count && pageEnd < indexedTotal
        ? pageEnd
        : undefined
    setChildren({ items, loading: false, nextStart, indexedTotal })
  } catch (err) {
    if (generation === ctx.generation()) setChildren({ items: before, loading: false, error: errorMessage(err) })
  }
}

/**
 * Sets a variable (a local, a global, an item or an attribute) to the value of a Python expression typed by the
 * user. Resolves with the debugger's error message, or undefined when it worked; then every variable shown is
 * read again (other values may depend on the one changed).
 */
export async function setVariable(ctx: StopContext, container: number, name: string, value: string): Promise<string | undefined> {
  const generation = ctx.generation()
  try {
    await ctx.client.request<DebugProtocol.SetVariableResponse>('setVariable', {
      variablesReference: container,
      name,
      value,
    } satisfies DebugProtocol.SetVariableArguments)
  } catch (err) {
    return errorMessage(err)
  }
  if (ctx.generation() === generation) ctx.patch((s) => ({ ...s, variables: {} }))
  return undefined
}

