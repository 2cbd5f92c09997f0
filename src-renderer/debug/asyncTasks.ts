// The asyncio tasks of a stopped thread, as the Bugscope tracer lists them (custom request `bugscope/tasks`, see
// docs/tracer-protocol.md, "asyncio"). Other debuggers refuse the request; then there is simply no Tasks view.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DapClient } from './dapClient'

/** Custom request of the Bugscope tracer: `{threadId}` of a stopped thread → `TasksBody`. */
export const TASKS_REQUEST = 'bugscope/tasks'

export interface AsyncTask {
  /** The task's name: `Task-3`, or the name given to `create_task`. */
  readonly name: string
  /** The function of the task's coroutine. */
  readonly coroutine: string
  /** `running` is the task the thread is stopped in. */
  readonly state: 'running' | 'pending' | 'done' | 'cancelled'
  /**
   * The task's frames, outermost first (its coroutine, what that awaits, …). Their ids are frame ids of the
   * current stop: scopes, variables and evaluate take them like call stack frames.
   */
  readonly awaitChain: readonly DebugProtocol.StackFrame[]
  /** A pending task: what its innermost level waits for, in words (`asyncio.sleep(5): 4.2 s left`). */
  readonly awaiting?: string
}

export interface TasksBody {
  readonly tasks: readonly AsyncTask[]
  /** Why there are none (no event loop running on the thread). */
  readonly message?: string
}

/** The tasks of the event loop of a stopped thread, or null when the debugger does not offer them. */
export async function fetchTasks(client: DapClient, threadId: number): Promise<TasksBody | null> {
  try {
    const response = await client.request<DebugProtocol.Response & { body?: TasksBody }>(TASKS_REQUEST, { threadId })
    const body = response.body
    return { tasks: Array.isArray(body?.tasks) ? body.tasks : [], ...(body?.message ? { message: body.message } : {}) }
  } catch {
    return null // not Bugscope's tracer, or the thread resumed meanwhile: no Tasks view for this stop
  }
}
