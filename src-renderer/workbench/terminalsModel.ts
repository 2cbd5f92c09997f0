// The Terminal panel's tabs: the launched program's terminal ("program", fed by the debug model) and the shell
// terminals the user opens (the host runs each shell on a pty in the project folder). State changes through the
// named actions below; each shell's output is an event, as it is not state (xterm keeps the screen).
import type { HostApi, ShellEvent, TerminalSize } from '../../src-preload/contract'
import { Emitter, Store } from '../debug/store'
import { errorMessage } from '../errorMessage'

export const PROGRAM_TAB = 'program'

export interface ShellTab {
  id: string
  /** The shell's name and number ("bash 2"). */
  title: string
  cwd: string
  /** Set once the shell has ended: its exit status. The tab stays, with its text, until closed. */
  exitCode?: number
}

export interface TerminalsState {
  tabs: readonly ShellTab[]
  /** PROGRAM_TAB or a shell's id. */
  active: string
  /** A shell is being started. */
  opening: boolean
}

export interface Notifier {
  notify(kind: 'error' | 'info', text: string): void
}

export class TerminalsModel {
  readonly store = new Store<TerminalsState>({ tabs: [], active: PROGRAM_TAB, opening: false })
  /** What a shell printed: `{shellId, data}`. */
  readonly onShellOutput = new Emitter<{ shellId: string; data: string }>()
  /** The user asked to move the keyboard focus to the terminal (or, when it is there, back to the editor). */
  readonly onFocusRequest = new Emitter<void>()
  /** The size of the panel's terminal, from its last fit: new shells start at it. */
  private size: TerminalSize = { columns: 80, rows: 24 }
  private opened = 0

  constructor(
    private readonly host: HostApi,
    private readonly notifier: Notifier,
  ) {
    host.onShellEvent((event) => this.shellEvent(event))
  }

  get state(): TerminalsState {
    return this.store.get()
  }

  activate(tab: string): void {
    if (tab !== PROGRAM_TAB && !this.state.tabs.some((t) => t.id === tab)) return
    this.store.update((s) => (s.active === tab ? s : { ...s, active: tab }))
  }

  /** Opens a shell in the project folder as a new tab, and shows it. A failure is said in a notification. */
  async newShell(): Promise<string | undefined> {
    if (this.state.opening) return undefined
    this.store.update((s) => ({ ...s, opening: true }))
    try {
      const { shellId, title, cwd } = await this.host.openShell(this.size)
      this.opened++
      const tab: ShellTab = { id: shellId, title: `${title} ${this.opened}`, cwd }
      this.store.update((s) => ({ ...s, tabs: [...s.tabs, tab], active: shellId, opening: false }))
      return shellId
    } catch (err) {
      this.store.update((s) => ({ ...s, opening: false }))
      this.notifier.notify('error', errorMessage(err))
      return undefined
    }
  }

  /** Keys typed into a shell's tab; dropped once the shell has ended. */
  type(shellId: string, data: string): void {
    const tab = this.state.tabs.find((t) => t.id === shellId)
    if (!tab || tab.exitCode !== undefined || !data) return
    this.host.shellInput(shellId, data).catch(() => undefined) // it ended meanwhile: its exit event says so
  }

  /** The panel's terminal size changed: running shells follow it, new ones start at it. */
  resize(size: TerminalSize): void {
    if (size.columns === this.size.columns && size.rows === this.size.rows) return
    this.size = { ...size }
    for (const tab of this.state.tabs) {
      if (tab.exitCode === undefined) this.host.resizeShell(tab.id, this.size).catch(() => undefined)
    }
  }

  /** Closes a shell's tab, ending the shell if it still runs; the tab before it (or the program's) is shown. */
  async close(shellId: string): Promise<void> {
    const tabs = this.state.tabs
    const index = tabs.findIndex((t) => t.id === shellId)
    if (index < 0) return
    const running = tabs[index].exitCode === undefined
    this.store.update((s) => ({
      ...s,
      tabs: s.tabs.filter((t) => t.id !== shellId),
      active: s.active === shellId ? (tabs[index - 1]?.id ?? PROGRAM_TAB) : s.active,
    }))
    if (running) await this.host.closeShell(shellId).catch(() => undefined)
  }

  requestFocus(): void {
    this.onFocusRequest.fire()
  }

  private shellEvent(event: ShellEvent): void {
    if (event.kind === 'output') {
      this.onShellOutput.fire({ shellId: event.shellId, data: event.data })
      return
    }
    this.store.update((s) =>
      s.tabs.some((t) => t.id === event.shellId) ? { ...s, tabs: s.tabs.map((t) => (t.id === event.shellId ? { ...t, exitCode: event.code } : t)) } : s,
    )
  }
}
