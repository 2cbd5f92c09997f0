// Step back: the Bugscope tracer records the program's last lines (launch/attach `stepBack`) and a stopped thread
// can be shown as it was N lines ago (DAP stepBack and reverseContinue, custom `bugscope/lastAssignment`). The
// thread itself stays stopped where it is; each move comes back as a `stopped` event whose `past` says how far back
// the stop shows (absent: the live stop), and the session reads the stack again as for any stop. A forward step
// from the past comes back to the live stop without running anything (docs/tracer-protocol.md, "Step back").
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'
import { actionThreadId, selectedFrame, type PastPosition, type SessionState } from './debugState'
import { errorMessage } from '../errorMessage'

/** `{threadId, name, frameId?}` → `{line, value, stepsBack}`: shows the line that last assigned a local. */
export const LAST_ASSIGNMENT = 'bugscope/lastAssignment'
/** `{enabled}` switches recording on or off during a session (announced with a `capabilities` event). */
export const STEP_BACK_RECORDING = 'bugscope/stepBackRecording'

export interface LastAssignment {
  readonly line: number
  /** The value the line gave the local, as recorded. */
  readonly value: string
  readonly stepsBack: number
}

/** What the step-back requests need of their session. */
export interface StepBackContext {
  readonly client: DapClient
  state(): SessionState | null
  capabilities(): DebugProtocol.Capabilities
}

/** The position a stopped event shows: the tracer's `past`, or undefined at the live stop. */
export function pastPosition(body: DebugProtocol.StoppedEvent['body']): PastPosition | undefined {
  const past = (body as { past?: Partial<PastPosition> }).past
  if (!past || typeof past.stepsBack !== 'number' || typeof past.of !== 'number' || past.stepsBack <= 0) return undefined
  return { stepsBack: past.stepsBack, of: past.of }
}

/** The banner's words for a past position. */
export function pastText(past: PastPosition): string {
  return `Showing the past: step ${past.stepsBack} of ${past.of} back`
}

/** Whether the stop shown can step back: stopped, and the debugger records (it said supportsStepBack). */
export function canStepBack(s: SessionState | null, capabilities: DebugProtocol.Capabilities): boolean {
  return !!s && s.status === 'stopped' && !!capabilities.supportsStepBack
}

/** stepBack or reverseContinue on the shown stopped thread. Resolves with the refusal (the oldest line…), or undefined. */
export async function moveBack(ctx: StepBackContext, command: 'stepBack' | 'reverseContinue'): Promise<string | undefined> {
  const s = ctx.state()
  if (!canStepBack(s, ctx.capabilities())) return 'Step back needs a stopped program recorded for it (turn on Rec in the toolbar, then start).'
  try {
    await ctx.client.request(command, { threadId: actionThreadId(s!) ?? 0 } satisfies DebugProtocol.StepBackArguments)
    return undefined
  } catch (err) {
    return errorMessage(err)
  }
}

/** "Where did this value come from?": shows the line that last assigned local `name` of the selected frame. */
export async function lastAssignment(ctx: StepBackContext, name: string): Promise<LastAssignment | string> {
  const s = ctx.state()
  if (!canStepBack(s, ctx.capabilities())) return 'Where a value came from needs a stopped program recorded for step back.'
  const frameId = selectedFrame(s)?.id
  try {
    const response = await ctx.client.request<DebugProtocol.Response & { body: LastAssignment }>(LAST_ASSIGNMENT, {
      threadId: actionThreadId(s!) ?? 0,
      name,
      ...(frameId !== undefined ? { frameId } : {}),
    })
    return response.body
  } catch (err) {
    return errorMessage(err)
  }
}

/** Switches the session's recording on or off; resolves with the refusal, or undefined. */
export async function setRecording(ctx: StepBackContext, enabled: boolean): Promise<string | undefined> {
  try {
    await ctx.client.request(STEP_BACK_RECORDING, { enabled })
    return undefined
  } catch (err) {
    return errorMessage(err)
  }
}
