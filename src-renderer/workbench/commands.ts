// Workbench commands: what toolbar buttons and keys do. They combine the workbench model (which file is
// open, which interpreter) with the debug model's actions.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { DebugModel } from '../debug/debugModel'
import type { InterpreterModel } from './interpreterModel'
import type { SettingsFilesModel } from './settingsFilesModel'
import type { TerminalsModel } from './terminalsModel'
import { planStart, type RunConfigurationsModel, type StartPlan } from './runConfigurations'
import type { WorkbenchModel } from './workbenchModel'
import { nextThemeSetting } from './colorTheme'
import { KeyDispatcher, type KeyEventLike } from './keybindings'
import { errorMessage } from '../errorMessage'

export type SessionPhase = 'idle' | 'starting' | 'running' | 'stopped' | 'terminating'

export class Commands {
  /** The editor registers how to read its cursor line (for F9). */
  cursorLine: () => number | undefined = () => undefined

  constructor(
    private readonly workbench: WorkbenchModel,
    private readonly debug: DebugModel,
    /** The run configurations of the toolbar and the project's interpreter (absent: the active file, the setting). */
    private readonly run?: { readonly configurations: RunConfigurationsModel; readonly interpreters: InterpreterModel },
    /** The settings files (absent: the settings as loaded at start). */
    private readonly settingsFiles?: SettingsFilesModel,
    /** The Terminal panel's tabs (absent: no shells). */
    private readonly terminals?: TerminalsModel,
  ) {}

  /** Ctrl+`: the keyboard focus to the terminal shown, or from it back to the editor. */
  focusTerminal(): void {
    this.terminals?.requestFocus()
  }

  /** Ctrl+Shift+`: a new shell in the project folder. */
  newShell(): void {
    void this.terminals?.newShell()
  }

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

  /** Whether Start can do something: a configuration is chosen, or a file is open to debug. */
  canStart(): boolean {
    return this.phase() === 'idle' && (!!this.workbench.editor.state.activePath || !!this.run?.configurations.selected())
  }

  /**
   * Starts the run configuration chosen in the toolbar, or the active file. `postMortem`: untraced, stopping only
   * if it crashes.
   */
  async start(postMortem = false): Promise<void> {
    // The settings in force now (user's, with the project's overrides): a settings file may have been edited.
    await this.settingsFiles?.reload()
    const { root, settings } = this.workbench.state
    const activePath = this.workbench.editor.state.activePath
    const ctx = { activePath, root, line: activePath ? this.cursorLine() : undefined }
    const defaults = { python: this.run?.interpreters.effectivePython() ?? settings.python, justMyCode: settings.justMyCode, suspendPolicy: settings.suspendPolicy }
    const plan: StartPlan = this.run ? await this.run.configurations.plan(ctx, defaults) : planStart(undefined, ctx, defaults)
    if (plan.kind === 'error') {
      this.workbench.notify('error', plan.message)
      return
    }
    if (plan.kind === 'attach') {
      await this.attachConfiguration(plan.name, plan.target)
      return
    }
    for (const warning of plan.warnings) this.debug.print('warning', warning)
    await this.debug.start({ ...plan.args, ...(postMortem ? { postMortem } : {}) })
  }

  /** An attach configuration: with a token (its own, or one kept for that host and port) it attaches at once;
   * without one the attach dialog opens, filled in, for the token. */
  private async attachConfiguration(name: string, target: NonNullable<Extract<StartPlan, { kind: 'attach' }>['target']>): Promise<void> {
    const { token, justMyCode, ...where } = target
    const kept = token ? undefined : await this.run?.configurations.rememberedToken(where.host, where.port)
    const suspendPolicy = this.workbench.state.settings.suspendPolicy
    if (token || kept) {
      await this.debug.attach({ ...where, token: (token ?? kept)!, ...(justMyCode === undefined ? {} : { justMyCode }), ...(suspendPolicy ? { suspendPolicy } : {}) })
      return
    }
    this.run?.configurations.setAttachPreset(where)
    this.workbench.setAttachDialogOpen(true)
    this.workbench.notify('info', `"${name}" attaches to ${where.host}:${where.port}: enter the program's token to attach.`)
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
    const path = this.workbench.editor.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined && this.phase() === 'stopped') void this.debug.runToCursor(path, line)
  }

  /** Ctrl+Shift+F10: the paused thread goes on from the cursor line (in its innermost frame). */
  jumpToCursor(): void {
    const path = this.workbench.editor.state.activePath
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
      this.workbench.notify('error', `Step Into Target: ${errorMessage(err)}`)
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
    const path = this.workbench.editor.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined) this.debug.toggleBreakpoint(path, line)
  }

  toggleBreakpoint(path: string, line: number): void {
    this.debug.toggleBreakpoint(path, line)
  }

  /** Shift+F9: opens the breakpoint editor (condition, hit count, log message) on the cursor line. */
  editBreakpointAtCursor(): void {
    const path = this.workbench.editor.state.activePath
    const line = this.cursorLine()
    if (path && line !== undefined) void this.workbench.editor.openBreakpointEditor(path, line)
  }

  editBreakpoint(path: string, line: number): void {
    void this.workbench.editor.openBreakpointEditor(path, line)
  }

  /** Shows a breakpoint's line in its file (a click in the Breakpoints panel). */
  goToLine(path: string, line: number): void {
    void this.workbench.editor.openFile(path, line)
  }

  /** Help ▸ About: the app's name and version. */
  showAbout(): void {
    this.workbench.setAboutOpen(true)
  }

  /** Ctrl+Shift+F5: stops the session (the whole process tree) and starts the same launch or attach again. */
  restart(): void {
    void this.debug.restart()
  }

  /** Ctrl+S: saves the active editor's file. */
  save(): void {
    void this.workbench.editor.save()
  }

  /** F1, Ctrl+K Ctrl+S: the list of keyboard shortcuts. */
  /** Ctrl+P: the project's files by a fuzzy query. */
  quickOpen(): void {
    this.workbench.setQuickOpenOpen(true)
  }

  showShortcuts(): void {
    this.workbench.setShortcutsOpen(true)
  }

  /** Ctrl+K Ctrl+T: the colour theme's next setting (system, dark, light). */
  cycleTheme(): void {
    void this.workbench.setTheme(nextThemeSetting(this.workbench.state.settings.theme))
  }

  /** Ctrl+,: the user's settings.json in the editor (saving it applies it). */
  openUserSettings(): void {
    void this.settingsFiles?.open('user')
  }

  /** The open project's .bugscope/settings.json in the editor (created when missing). */
  openProjectSettings(): void {
    void this.settingsFiles?.open('project')
  }
}

/**
 * One key event against the key table (keybindings.ts, where every binding lives), without chords; the window
 * uses a KeyDispatcher, which also follows chords (Ctrl+K Ctrl+S). Returns whether the key was used.
 */
export function handleDebugKey(commands: Commands, e: KeyEventLike): boolean {
  return new KeyDispatcher(commands).handle(e)
}
