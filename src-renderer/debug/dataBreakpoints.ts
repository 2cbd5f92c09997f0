// Data breakpoints ("break when this value changes"): a local, a global, an attribute or an item, chosen in the
// Variables or Watch panel. DAP `dataBreakpointInfo` names the value (a dataId), `setDataBreakpoints` sends every
// one of a session (access type "write"). A dataId means something only to the program that gave it, so each data
// breakpoint belongs to one session and goes when that session ends. Pure functions over an immutable list, like
// functionBreakpoints.ts, plus the two requests.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'
import { errorMessage } from '../errorMessage'

export interface DataBreakpoint {
  /** Local identity. */
  readonly key: number
  /** The session whose program it watches. */
  readonly sessionId: string
  readonly dataId: string
  /** What it watches, in the debugger's words: "total (local of compute)", "self.count", "d['k']". */
  readonly description: string
  /** A Python expression; Bugscope's tracer binds `old` and `new` in it. */
  readonly condition?: string
  readonly hitCondition?: string
  readonly enabled: boolean
  readonly verified: boolean
  /** The adapter's id, to match `breakpoint` events and a stop's hitBreakpointIds. */
  readonly dapId?: number
  /** Why it is not verified (refused, or gone: its frame returned, its object was freed). */
  readonly message?: string
}

export type DataBreakpointList = readonly DataBreakpoint[]

/** What to watch: a child listed under a variables reference, or an expression (a watch) in a frame. */
export type DataTarget = { readonly variablesReference: number; readonly name: string } | { readonly expression: string; readonly frameId?: number }

export interface DataBreakpointOptions {
  readonly condition?: string
  readonly hitCondition?: string
}

let nextKey = 1

const unconfirmed = (b: DataBreakpoint): DataBreakpoint => {
  const { dapId: _dapId, message: _message, ...rest } = b
  return { ...rest, verified: false }
}

/** Adds one (the same dataId of the same session twice changes nothing). */
export function addDataBreakpoint(list: DataBreakpointList, sessionId: string, dataId: string, description: string): DataBreakpointList {
  if (list.some((b) => b.sessionId === sessionId && b.dataId === dataId)) return list
  return [...list, { key: nextKey++, sessionId, dataId, description, enabled: true, verified: false }]
}

export function removeDataBreakpoint(list: DataBreakpointList, key: number): DataBreakpointList {
  return list.some((b) => b.key === key) ? list.filter((b) => b.key !== key) : list
}

export function setDataBreakpointEnabled(list: DataBreakpointList, key: number, enabled: boolean): DataBreakpointList {
  return list.some((b) => b.key === key && b.enabled !== enabled) ? list.map((b) => (b.key === key ? unconfirmed({ ...b, enabled }) : b)) : list
}

/** Sets condition and hit count (blank text clears one). */
export function setDataBreakpointOptions(list: DataBreakpointList, key: number, options: DataBreakpointOptions): DataBreakpointList {
  const condition = options.condition?.trim() || undefined
  const hitCondition = options.hitCondition?.trim() || undefined
  const target = list.find((b) => b.key === key)
  if (!target || (target.condition === condition && target.hitCondition === hitCondition)) return list
  return list.map((b) => {
    if (b.key !== key) return b
    const { condition: _c, hitCondition: _h, ...rest } = unconfirmed(b)
    return { ...rest, ...(condition ? { condition } : {}), ...(hitCondition ? { hitCondition } : {}) }
  })
}

/** The enabled ones of a session, in the order they are sent. */
export function sentDataBreakpoints(list: DataBreakpointList, sessionId: string): DataBreakpointList {
  return list.filter((b) => b.sessionId === sessionId && b.enabled)
}

export function setDataBreakpointsArguments(list: DataBreakpointList, sessionId: string): DebugProtocol.SetDataBreakpointsArguments {
  return {
    breakpoints: sentDataBreakpoints(list, sessionId).map((b) => ({
      dataId: b.dataId,
      accessType: 'write' as const,
      ...(b.condition ? { condition: b.condition } : {}),
      ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}),
    })),
  }
}

/** Pairs a `setDataBreakpoints` answer (in request order) with the breakpoints that were sent. */
export function applyDataBreakpointsResponse(list: DataBreakpointList, sent: DataBreakpointList, answers: readonly DebugProtocol.Breakpoint[]): DataBreakpointList {
  const byKey = new Map(sent.map((b, i) => [b.key, answers[i]] as const))
  return list.map((b) => {
    if (!b.enabled || !byKey.has(b.key)) return b
    const answer = byKey.get(b.key)
    if (!answer) return unconfirmed(b)
    return { ...unconfirmed(b), verified: answer.verified, dapId: answer.id, ...(answer.message ? { message: answer.message } : {}) }
  })
}

/** A `breakpoint` event of a session about one of its data breakpoints (it is gone: its frame returned...). */
export function applyDataBreakpointEvent(list: DataBreakpointList, sessionId: string, body: DebugProtocol.BreakpointEvent['body']): DataBreakpointList {
  const id = body.breakpoint.id
  if (id === undefined || !list.some((b) => b.sessionId === sessionId && b.dapId === id)) return list
  return list.map((b) => {
    if (b.sessionId !== sessionId || b.dapId !== id) return b
    if (body.reason === 'removed') return unconfirmed(b)
    const { message: _message, ...rest } = b
    return { ...rest, verified: body.breakpoint.verified, ...(body.breakpoint.message ? { message: body.breakpoint.message } : {}) }
  })
}

/** A session ended: its data breakpoints name values that no longer exist. */
export function forgetSession(list: DataBreakpointList, sessionId: string): DataBreakpointList {
  return list.some((b) => b.sessionId === sessionId) ? list.filter((b) => b.sessionId !== sessionId) : list
}

/** What a data breakpoint does besides stopping, in words: "if new > 3 · hit >= 2". */
export function dataBreakpointDetail(b: DataBreakpoint): string {
  return [b.condition ? `if ${b.condition}` : '', b.hitCondition ? `hit ${b.hitCondition}` : ''].filter(Boolean).join(' · ')
}

/** The status text of a stop: a data breakpoint's says what changed ("Paused: total changed: 0 → 3"). */
export function dataStopText(body: DebugProtocol.StoppedEvent['body']): string | undefined {
  return body.reason === 'data breakpoint' && body.description ? `Paused: ${body.description}` : undefined
}

// ---- requests ----

export type DataInfo = { readonly dataId: string; readonly description: string } | { readonly problem: string }

export function dataBreakpointInfoArguments(target: DataTarget): DebugProtocol.DataBreakpointInfoArguments {
  return 'variablesReference' in target
    ? { variablesReference: target.variablesReference, name: target.name }
    : { name: target.expression, ...(target.frameId !== undefined ? { frameId: target.frameId } : {}) }
}

/** Asks the debugger what it can watch for `target`: its dataId, or why it cannot (DAP's null dataId). */
export async function dataBreakpointInfo(client: DapClient, capabilities: DebugProtocol.Capabilities, target: DataTarget): Promise<DataInfo> {
  if (!capabilities.supportsDataBreakpoints) return { problem: 'this debugger has no data breakpoints' }
  try {
    const response = await client.request<DebugProtocol.DataBreakpointInfoResponse>('dataBreakpointInfo', dataBreakpointInfoArguments(target))
    const body = response.body
    if (!body?.dataId) return { problem: body?.description || 'it cannot be watched' }
    if (body.accessTypes && !body.accessTypes.includes('write')) return { problem: 'the debugger cannot watch it for changes' }
    return { dataId: body.dataId, description: body.description || body.dataId }
  } catch (err) {
    return { problem: errorMessage(err) }
  }
}

/** Sends a session's data breakpoints; resolves with what was sent and the answers (null when it failed: the error). */
export async function sendDataBreakpoints(
  client: DapClient,
  list: DataBreakpointList,
  sessionId: string,
): Promise<{ sent: DataBreakpointList; answers: readonly DebugProtocol.Breakpoint[] } | { error: string }> {
  const sent = sentDataBreakpoints(list, sessionId)
  try {
    const response = await client.request<DebugProtocol.SetDataBreakpointsResponse>('setDataBreakpoints', setDataBreakpointsArguments(list, sessionId))
    return { sent, answers: response.body?.breakpoints ?? [] }
  } catch (err) {
    return { error: errorMessage(err) }
  }
}
