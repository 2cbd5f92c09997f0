// Workbench commands: what toolbar buttons and keys do. They combine the workbench model (which file is
// open, which interpreter) with the debug model's actions.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DebugModel } from '../debug/debugModel'
import type { WorkbenchModel } from './workbenchModel'

export type SessionPhase = 'idle' | 'starting' | 'running' | 'stopped' | 'terminating'

export class Commands {
  /** The editor registers how to read its cursor line (for F9). */
  cursorLine: () => number | undefined = () => undefined

  constructor(
    private readonly workbench: WorkbenchModel,
    private readonly debug: DebugModel,
  ) {}

  phase(): SessionPhase {
    const d = this.debug.state
    if (d.starting) return 'starting'
    if (!d.session) return 'idle'
    if (d.session.status === 'initializing') return 'starting'
    return d.session.status
  }

  /** F5: start a session when idle, continue when stopped. */
  startOrContinue(): void {
    const phase = this.phase()
    if (phase === 'idle') void this.start()
    else if (phase === 'stopped') void this.debug.continue()
  }

  /** Runs the active file under the debugger. `postMortem`: untraced, stopping only if it crashes. */
  async start(postMortem = false): Promise<void> {
    const { activePath, root, settings } = this.workbench.state
    if (!activePath) {
      this.workbench.notify('error', 'Open a Python file first: Start runs the file in the active editor.')
      return
    }
    const cwd = root ?? activePath.replace(/[\\/][^\\/]*$/, '')
    await this.debug.start({
      program: activePath,
      cwd,
      python: settings.python.trim() || undefined,
      ...(postMortem ? { postMortem } : {}),
      ...(settings.justMyCode === false ? { justMyCode: false } : {}),
      ...(settings.suspendPolicy ? { suspendPolicy: settings.suspendPolicy } : {}),
    })
  }

  /** Ctrl+F5: run at full speed, breakpoints unarmed; stop only on an exception that would end the program. */
  runStoppingOnCrash(): void {
    if (this.phase() === 'idle') void this.start(true)
  }

  stop(): void {
    void this.debug.stop()
  }

  stepOver(): void {
    void this.debug.stepOver()
  }

  stepIn(): void {
    void this.debug.stepIn()
  }

  stepOut(): void {
    void this.debug.stepOut()
  }

  pause(): void {
    void this.debug.pause()
  }

  /** Ctrl+F10: run until the cursor line of the active editor. */
  runToCursor(): void {
    const path = this.workbench.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined && this.phase() === 'stopped') void this.debug.runToCursor(path, line)
  }

  /** Ctrl+Shift+F10: the paused thread goes on from the cursor line (in its innermost frame). */
  jumpToCursor(): void {
    const path = this.workbench.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined && this.phase() === 'stopped') void this.debug.jumpTo(path, line)
  }

  /** Ctrl+F11: choose which call of the current line to step into (one call: straight in). */
  async stepIntoTarget(): Promise<void> {
    if (this.phase() !== 'stopped') return
    let targets: readonly DebugProtocol.StepInTarget[] = []
    try {
      targets = await this.debug.stepInTargets()
    } catch (err) {
      this.workbench.notify('error', `Step Into Target: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    if (targets.length === 0) this.workbench.notify('info', 'No call on this line to step into.')
    else if (targets.length === 1) void this.debug.stepIntoTarget(targets[0].id)
    else this.workbench.setStepTargets(targets)
  }

  chooseStepTarget(targetId: number | undefined): void {
    this.workbench.setStepTargets(undefined)
    if (targetId !== undefined) void this.debug.stepIntoTarget(targetId)
  }

  /** F9: toggles a breakpoint on the cursor line of the active editor. */
  toggleBreakpointAtCursor(): void {
    const path = this.workbench.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined) this.debug.toggleBreakpoint(path, line)
  }

  toggleBreakpoint(path: string, line: number): void {
    this.debug.toggleBreakpoint(path, line)
  }

  /** Shift+F9: opens the breakpoint editor (condition, hit count, log message) on the cursor line. */
  editBreakpointAtCursor(): void {
    const path = this.workbench.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined) void this.workbench.openBreakpointEditor(path, line)
  }

  editBreakpoint(path: string, line: number): void {
    void this.workbench.openBreakpointEditor(path, line)
  }

  /** Shows a breakpoint's line in its file (a click in the Breakpoints panel). */
  goToLine(path: string, line: number): void {
    void this.workbench.openFile(path, line)
  }

  /** Help ▸ About: the app's name and version. */
  showAbout(): void {
    this.workbench.setAboutOpen(true)
  }
}

/** Keys handled anywhere in the window (VS Code's debug keybindings). Returns whether the key was used. */
export function handleDebugKey(commands: Commands, e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
  if (e.ctrlKey && e.shiftKey && e.key === 'F10' && !e.altKey && !e.metaKey) {
    commands.jumpToCursor()
    return true
  }
  if (e.ctrlKey && !e.shiftKey && !e.altKey && !e.metaKey) {
    if (e.key === 'F5') commands.runStoppingOnCrash()
    else if (e.key === 'F10') commands.runToCursor()
    else if (e.key === 'F11') void commands.stepIntoTarget()
    else return false
    return true
  }
  if (e.ctrlKey || e.altKey || e.metaKey) return false
  switch (e.key) {
    case 'F5':
      if (e.shiftKey) commands.stop()
      else commands.startOrContinue()
      return true
    case 'F9':
      if (e.shiftKey) commands.editBreakpointAtCursor()
      else commands.toggleBreakpointAtCursor()
      return true
    case 'F10':
      if (e.shiftKey) return false
      commands.stepOver()
      return true
    case 'F11':
      if (e.shiftKey) commands.stepOut()
      else commands.stepIn()
      return true
    case 'F6':
      if (e.shiftKey) return false
      commands.pause()
      return true
  }
  return false
}
