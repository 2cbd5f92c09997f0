// Requests about where a stopped thread goes next: jump to a line (gotoTargets + goto) and the calls of the
// current line that a step in can enter (stepInTargets). Used by the debug session.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { actionThreadId } from './debugState'
import type { StopContext } from './variablePages'
import { errorMessage } from '../errorMessage'

/** Moves where the stopped thread goes on to `line` of `path`. Resolves with the refusal, or undefined. */
export async function jumpTo(ctx: StopContext, capabilities: DebugProtocol.Capabilities, path: string, line: number): Promise<string | undefined> {
  const s = ctx.state()
  if (!s || s.status !== 'stopped') return 'The program is not paused.'
  if (!capabilities.supportsGotoTargetsRequest) return 'This debugger cannot jump to a line.'
  try {
    const found = await ctx.client.request<DebugProtocol.GotoTargetsResponse>('gotoTargets', { source: { path }, line })
    const target = found.body?.targets[0]
    if (!target) return `No code at or after line ${line}.`
    await ctx.client.request('goto', { threadId: actionThreadId(s) ?? 0, targetId: target.id })
    return undefined
  } catch (err) {
    return errorMessage(err)
  }
}

/**
 * The value of a hovered expression in the selected frame (DAP context "hover": the tracer runs no code for it);
 * null when not paused or when it is not a value there (an unknown name, a keyword, a refused call).
 */
export async function evaluateForHover(ctx: StopContext, expression: string): Promise<{ value: string; type?: string } | null> {
  const s = ctx.state()
  const frameId = s?.status === 'stopped' ? (s.selectedFrameId ?? s.frames[0]?.id) : undefined
  if (frameId === undefined) return null
  const generation = ctx.generation()
  try {
    const response = await ctx.client.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, frameId, context: 'hover' })
    if (ctx.generation() !== generation || !response.body) return null
    return { value: response.body.result, type: response.body.type }
  } catch {
    return null
  }
}

/** Completions of the console's text at `column` (1-based) in the selected frame; [] when unsupported. */
export async function completions(ctx: StopContext, capabilities: DebugProtocol.Capabilities, text: string, column: number, line: number): Promise<DebugProtocol.CompletionItem[]> {
  const s = ctx.state()
  if (!s || !capabilities.supportsCompletionsRequest) return []
  const frameId = s.status === 'stopped' ? (s.selectedFrameId ?? s.frames[0]?.id) : undefined
  try {
    const response = await ctx.client.request<DebugProtocol.CompletionsResponse>('completions', { text, column, line, ...(frameId !== undefined ? { frameId } : {}) })
    return response.body?.targets ?? []
  } catch {
    return []
  }
}

/** The full value of `expression` in the selected frame as text for the clipboard; null when it cannot be read. */
export async function valueForClipboard(ctx: StopContext, expression: string): Promise<string | null> {
  const s = ctx.state()
  const frameId = s?.status === 'stopped' ? (s.selectedFrameId ?? s.frames[0]?.id) : undefined
  if (frameId === undefined) return null
  try {
    const response = await ctx.client.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, frameId, context: 'clipboard' })
    return response.body?.result ?? null
  } catch {
    return null
  }
}

/** One page of a container's indexed children, read without keeping them in the session state (grid views). */
export async function indexedChildren(ctx: StopContext, ref: number, start: number, count: number): Promise<DebugProtocol.Variable[]> {
  const response = await ctx.client.request<DebugProtocol.VariablesResponse>('variables', { variablesReference: ref, filter: 'indexed', start, count })
  return response.body?.variables ?? []
}

/** The modules the program has loaded (DAP `modules`), user code first; [] when the debugger does not say. */
export async function loadedModules(ctx: StopContext, capabilities: DebugProtocol.Capabilities): Promise<DebugProtocol.Module[]> {
  if (!capabilities.supportsModulesRequest) return []
  const response = await ctx.client.request<DebugProtocol.ModulesResponse>('modules', { startModule: 0, moduleCount: 2000 })
  const modules = response.body?.modules ?? []
  return [...modules].sort((a, b) => Number(!!b.isUserCode) - Number(!!a.isUserCode) || String(a.name).localeCompare(String(b.name)))
}

/** The calls on the selected frame's line that step in can enter; [] when the debugger does not say. */
export async function stepInTargets(ctx: StopContext, capabilities: DebugProtocol.Capabilities): Promise<DebugProtocol.StepInTarget[]> {
  const s = ctx.state()
  if (!s || s.status !== 'stopped' || !capabilities.supportsStepInTargetsRequest) return []
  const frameId = s.selectedFrameId ?? s.frames[0]?.id
  if (frameId === undefined) return []
  const response = await ctx.client.request<DebugProtocol.StepInTargetsResponse>('stepInTargets', { frameId })
  return response.body?.targets ?? []
}
