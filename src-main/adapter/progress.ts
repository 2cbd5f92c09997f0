// Progress of the adapter's own long steps (starting a program, attaching to one), as DAP progress events.
// DAP: an adapter sends progressStart/progressUpdate/progressEnd only to a client that said
// `supportsProgressReporting: true` in `initialize`; every progressStart it sends is ended by one progressEnd,
// on success and on failure alike, or the client would show it forever.
import { basename } from 'node:path'
import type { DebugProtocol } from '@vscode/debugprotocol'

type Emit = (event: 'progressStart' | 'progressUpdate' | 'progressEnd', body: unknown) => void

/** The one step the session is taking now (a session starts once), reported to the client when it asked. */
export class StartProgress {
  private enabled = false
  private nextId = 1
  private current: string | null = null

  constructor(private readonly emit: Emit) {}

  /** Reads `supportsProgressReporting` from the client's `initialize` arguments. */
  configure(args: DebugProtocol.InitializeRequestArguments | undefined): void {
    this.enabled = args?.supportsProgressReporting === true
  }

  /**
   * Runs `step` with a progress report titled `title` around it (tied to the client's request `requestId`); the
   * report ends whatever the step's outcome, and its end says whether it failed.
   */
  async run<T>(title: string, requestId: number, step: () => Promise<T>): Promise<T> {
    if (!this.enabled || this.current) return step()
    const progressId = `bugscope-start-${this.nextId++}`
    this.current = progressId
    this.emit('progressStart', { progressId, title, requestId } satisfies DebugProtocol.ProgressStartEvent['body'])
    let failed = false
    try {
      return await step()
    } catch (error) {
      failed = true
      throw error
    } finally {
      this.current = null
      this.emit('progressEnd', { progressId, ...(failed ? { message: 'Failed' } : {}) } satisfies DebugProtocol.ProgressEndEvent['body'])
    }
  }

  /** What the running step is doing now ("Waiting for the program to connect…"); nothing when none runs. */
  update(message: string): void {
    if (!this.current) return
    this.emit('progressUpdate', { progressId: this.current, message } satisfies DebugProtocol.ProgressUpdateEvent['body'])
  }
}

/** "Starting python3.12…": the interpreter by its file name (a venv's `python` stays `python`). */
export function startingMessage(python: string): string {
  return `Starting ${basename(python).replace(/\.exe$/i, '')}…`
}
