// The launched program's terminal: the Terminal panel's size goes with each launch (LaunchArguments.terminal, so
// the adapter runs the program on a pty of that size) and with each resize, and keys typed into the panel go to
// the program. Only the launched program has one: its child processes share it, an attached program has its own
// elsewhere.
import { TERMINAL_INPUT_REQUEST, TERMINAL_RESIZE_REQUEST, type TerminalSize } from '../../src-preload/contract'
import type { DapClient } from './dapClient'

export const DEFAULT_PROGRAM_TERMINAL: TerminalSize = { columns: 80, rows: 24 }

/** The session whose program owns the terminal: a running launch (not one whose output goes to the console). */
export type TerminalOwner = () => DapClient | undefined

export class ProgramTerminal {
  private current: TerminalSize = DEFAULT_PROGRAM_TERMINAL

  constructor(private readonly owner: TerminalOwner) {}

  /** The size to launch with: the panel's last. */
  get size(): TerminalSize {
    return this.current
  }

  /** Whether typing reaches a program now. */
  get accepting(): boolean {
    return this.owner() !== undefined
  }

  /** Sends keys to the program; false when no program runs in the terminal. A failed send is dropped (it ended). */
  type(data: string): boolean {
    const client = this.owner()
    if (!client || !data) return false
    client.request(TERMINAL_INPUT_REQUEST, { data }).catch(() => undefined)
    return true
  }

  /** The panel was resized: remembered for the next launch and passed to a running program. */
  resize(size: TerminalSize): void {
    if (!Number.isInteger(size.columns) || !Number.isInteger(size.rows) || size.columns < 1 || size.rows < 1) return
    if (size.columns === this.current.columns && size.rows === this.current.rows) return
    this.current = { columns: size.columns, rows: size.rows }
    this.owner()?.request(TERMINAL_RESIZE_REQUEST, this.current).catch(() => undefined)
  }
}
