// Function breakpoints: stop when a function starts (`module.func`, `Class.method`, `func`), sent with DAP
// `setFunctionBreakpoints`. Pure functions over an immutable list, like breakpoints.ts for line breakpoints.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { SuspendPolicy } from '../../src-preload/contract'
import { suspendPolicyOf } from './breakpoints'

export interface FunctionBreakpoint {
  /** Local identity, stable across sessions. */
  readonly key: number
  readonly name: string
  readonly condition?: string
  readonly hitCondition?: string
  /** What its stop suspends: every thread or only the one that hit it; absent: the session's default. */
  readonly suspendPolicy?: SuspendPolicy
  readonly enabled: boolean
  /** True once a session found the function (it may be verified later, when its module is imported). */
  readonly verified: boolean
  /** The adapter's id, to match `breakpoint` events and a stop's hitBreakpointIds. */
  readonly dapId?: number
  readonly message?: string
  /** Where the function starts, once found. */
  readonly path?: string
  readonly line?: number
}

export type FunctionBreakpointList = readonly FunctionBreakpoint[]

let nextKey = 1

const unconfirmed = ({ key, name, condition, hitCondition, suspendPolicy, enabled }: FunctionBreakpoint): FunctionBreakpoint => ({
  key,
  name,
  enabled,
  verified: false,
  ...(condition ? { condition } : {}),
  ...(hitCondition ? { hitCondition } : {}),
  ...(suspendPolicyOf(suspendPolicy) ? { suspendPolicy } : {}),
})

/** Adds a function breakpoint (a blank or duplicate name changes nothing). */
export function addFunctionBreakpoint(
  list: FunctionBreakpointList,
  name: string,
  options: { condition?: string; hitCondition?: string; suspendPolicy?: SuspendPolicy; enabled?: boolean } = {},
): FunctionBreakpointList {
  const clean = name.trim()
  if (!clean || list.some((b) => b.name === clean)) return list
  const condition = options.condition?.trim()
  const hitCondition = options.hitCondition?.trim()
  const { suspendPolicy } = options
  return [...list, unconfirmed({ key: nextKey++, name: clean, condition, hitCondition, suspendPolicy, enabled: options.enabled !== false, verified: false })]
}

/** Sets what a function breakpoint's stop suspends (undefined: the session's default); it is sent again. */
export function setFunctionBreakpointSuspendPolicy(list: FunctionBreakpointList, key: number, policy: SuspendPolicy | undefined): FunctionBreakpointList {
  const clean = suspendPolicyOf(policy)
  if (!list.some((b) => b.key === key && b.suspendPolicy !== clean)) return list
  return list.map((b) => (b.key === key ? unconfirmed({ ...b, suspendPolicy: clean }) : b))
}

export function removeFunctionBreakpoint(list: FunctionBreakpointList, key: number): FunctionBreakpointList {
  return list.some((b) => b.key === key) ? list.filter((b) => b.key !== key) : list
}

export function setFunctionBreakpointEnabled(list: FunctionBreakpointList, key: number, enabled: boolean): FunctionBreakpointList {
  return list.some((b) => b.key === key && b.enabled !== enabled) ? list.map((b) => (b.key === key ? unconfirmed({ ...b, enabled }) : b)) : list
}

/** The enabled ones, in the order they are sent. */
export function sentFunctionBreakpoints(list: FunctionBreakpointList): FunctionBreakpointList {
  return list.filter((b) => b.enabled)
}

export function setFunctionBreakpointsArguments(list: FunctionBreakpointList): DebugProtocol.SetFunctionBreakpointsArguments {
  return {
    breakpoints: sentFunctionBreakpoints(list).map((b) => ({
      name: b.name,
      ...(b.condition ? { condition: b.condition } : {}),
      ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}),
      ...(b.suspendPolicy ? { suspendPolicy: b.suspendPolicy } : {}),
    })),
  }
}

function fromDap(b: FunctionBreakpoint, answer: DebugProtocol.Breakpoint | undefined): FunctionBreakpoint {
  if (!answer) return unconfirmed(b)
  return {
    ...unconfirmed(b),
    verified: answer.verified,
    dapId: answer.id,
    message: answer.message,
    path: answer.source?.path,
    line: answer.line,
  }
}

/** Pairs a `setFunctionBreakpoints` answer (in request order) with the breakpoints that were sent. */
export function applyFunctionBreakpointsResponse(list: FunctionBreakpointList, sent: FunctionBreakpointList, answers: readonly DebugProtocol.Breakpoint[]): FunctionBreakpointList {
  const byKey = new Map(sent.map((b, i) => [b.key, answers[i]] as const))
  return list.map((b) => (b.enabled && byKey.has(b.key) ? fromDap(b, byKey.get(b.key)) : b))
}

/** A `breakpoint` event about one of them (a pending function found when its module was imported). */
export function applyFunctionBreakpointEvent(list: FunctionBreakpointList, body: DebugProtocol.BreakpointEvent['body']): FunctionBreakpointList {
  const id = body.breakpoint.id
  if (id === undefined || !list.some((b) => b.dapId === id)) return list
  return list.map((b) => {
    if (b.dapId !== id) return b
    if (body.reason === 'removed') return unconfirmed(b)
    const bp = body.breakpoint
    return { ...b, verified: bp.verified, message: bp.message, path: bp.source?.path ?? b.path, line: bp.line ?? b.line }
  })
}

export function resetFunctionVerification(list: FunctionBreakpointList): FunctionBreakpointList {
  return list.map(unconfirmed)
}

export interface StoredFunctionBreakpoint {
  readonly name: string
  readonly condition?: string
  readonly hitCondition?: string
  readonly suspendPolicy?: SuspendPolicy
  readonly enabled: boolean
}

export function storedFunctionBreakpoints(list: FunctionBreakpointList): StoredFunctionBreakpoint[] {
  return list.map(({ name, condition, hitCondition, suspendPolicy, enabled }) => ({
    name,
    enabled,
    ...(condition ? { condition } : {}),
    ...(hitCondition ? { hitCondition } : {}),
    ...(suspendPolicy ? { suspendPolicy } : {}),
  }))
}

export function functionBreakpointsFromStored(stored: unknown): FunctionBreakpointList {
  let list: FunctionBreakpointList = []
  for (const item of Array.isArray(stored) ? stored : []) {
    if (!item || typeof item !== 'object') continue
    const s = item as Record<string, unknown>
    const text = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined)
    if (text('name')) {
      const options = { condition: text('condition'), hitCondition: text('hitCondition'), suspendPolicy: suspendPolicyOf(s.suspendPolicy), enabled: s.enabled !== false }
      list = addFunctionBreakpoint(list, text('name')!, options)
    }
  }
  return list
}
