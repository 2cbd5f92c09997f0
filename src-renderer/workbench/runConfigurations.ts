// What F5 starts: the run configuration chosen in the toolbar (from .vscode/launch.json, remembered per project),
// or "Debug current file" when none is chosen, launch.json is missing or it is broken. The host reads launch.json
// and substitutes what it knows; the variables of the active editor (${file}, ${fileDirname}…) are filled in here,
// at the moment of starting.
import {
  EDITOR_VARIABLES,
  type AttachTarget,
  type HostApi,
  type LaunchArguments,
  type LaunchJsonEntry,
  type RunConfiguration,
  type RunConfigurations,
  type SuspendPolicy,
} from '../../src-preload/contract'
import { Store } from '../debug/store'
import type { WorkbenchModel } from './workbenchModel'
import { followOpenFolder } from './followFolder'
import { errorMessage } from '../errorMessage'

/** The choice that means "Debug current file" (no configuration). */
export const CURRENT_FILE = ''

export interface RunConfigurationsState {
  readonly folder: string | null
  /** The folder's launch.json as last read; undefined until read. */
  readonly list?: RunConfigurations
  /** The configuration chosen for this folder (its name), or CURRENT_FILE. */
  readonly chosen: string
  readonly addDialogOpen: boolean
  /** An attach configuration without a token: the attach dialog opens filled in with it. */
  readonly attachPreset?: AttachTarget
}

/** What the active editor says, for its variables. */
export interface EditorContext {
  readonly activePath: string | null
  readonly root: string | null
  /** The cursor line, for ${lineNumber}. */
  readonly line?: number
}

/** The user's settings a start falls back on. */
export interface StartDefaults {
  /** The interpreter in force for the project ('' → python3 on PATH). */
  readonly python: string
  readonly justMyCode?: boolean
  readonly suspendPolicy?: SuspendPolicy
}

export type StartPlan =
  | { readonly kind: 'launch'; readonly args: LaunchArguments; readonly warnings: readonly string[] }
  | { readonly kind: 'attach'; readonly name: string; readonly target: NonNullable<RunConfiguration['attach']> }
  | { readonly kind: 'error'; readonly message: string }

const dirnameOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '') || '/'
const basenameOf = (path: string) => path.split(/[\\/]/).pop() ?? path
const isAbsolutePath = (path: string) => /^([\\/]|[A-Za-z]:[\\/])/.test(path)
const relativeTo = (root: string | null, path: string) => (root && path.startsWith(root + '/') ? path.slice(root.length + 1) : path)

/** The values of the active editor's variables (VS Code's meanings). */
function editorVariables(ctx: EditorContext): Record<string, string | undefined> {
  const file = ctx.activePath
  if (!file) return { lineNumber: ctx.line === undefined ? undefined : String(ctx.line) }
  const base = basenameOf(file)
  const dot = base.lastIndexOf('.')
  return {
    file,
    fileBasename: base,
    fileBasenameNoExtension: dot > 0 ? base.slice(0, dot) : base,
    fileExtname: dot > 0 ? base.slice(dot) : '',
    fileDirname: dirnameOf(file),
    fileDirnameBasename: basenameOf(dirnameOf(file)),
    relativeFile: relativeTo(ctx.root, file),
    relativeFileDirname: relativeTo(ctx.root, dirnameOf(file)),
    fileWorkspaceFolder: ctx.root ?? undefined,
    lineNumber: ctx.line === undefined ? undefined : String(ctx.line),
  }
}

const EDITOR = new Set<string>(EDITOR_VARIABLES)

/**
 * Substitutes the active editor's variables in every string of `value`. Throws an Error naming the variable
 * when it has no value (no file open).
 */
export function resolveEditorVariables<T>(value: T, ctx: EditorContext): T {
  const values = editorVariables(ctx)
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
        if (!EDITOR.has(name)) return whole
        const found = values[name]
        if (found === undefined) throw new Error(name === 'lineNumber' ? 'it uses ${lineNumber}: put the cursor on a line of a file first.' : `it uses \${${name}}: open a file in the editor first.`)
        return found
      })
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}

/** The launch of "Debug current file": the active editor's file, from the open folder, with the settings. */
function currentFilePlan(ctx: EditorContext, defaults: StartDefaults): StartPlan {
  if (!ctx.activePath) return { kind: 'error', message: 'Open a Python file first: Start runs the file in the active editor.' }
  return {
    kind: 'launch',
    warnings: [],
    args: {
      program: ctx.activePath,
      cwd: ctx.root ?? dirnameOf(ctx.activePath),
      ...(defaults.python.trim() ? { python: defaults.python.trim() } : {}),
      ...(defaults.justMyCode === false ? { justMyCode: false } : {}),
      ...(defaults.suspendPolicy ? { suspendPolicy: defaults.suspendPolicy } : {}),
    },
  }
}

/** What starting `config` (undefined: "Debug current file") means now, or why it cannot start. */
export function planStart(config: RunConfiguration | undefined, ctx: EditorContext, defaults: StartDefaults): StartPlan {
  if (!config) return currentFilePlan(ctx, defaults)
  const cannot = (why: string) => ({ kind: 'error' as const, message: `The configuration "${config.name}" cannot start: ${why} Fix it in .vscode/launch.json, or choose "Debug current file".` })
  if (config.problems.length) return cannot(config.problems.join(' '))
  if (config.attach) return { kind: 'attach', name: config.name, target: config.attach }
  let launch: LaunchArguments
  try {
    launch = resolveEditorVariables(config.launch ?? {}, ctx)
  } catch (err) {
    return { kind: 'error', message: `The configuration "${config.name}" cannot start: ${errorMessage(err)}` }
  }
  const cwd = launch.cwd && !isAbsolutePath(launch.cwd) && ctx.root ? `${ctx.root}/${launch.cwd}` : launch.cwd
  const python = launch.python ?? (defaults.python.trim() || undefined)
  return {
    kind: 'launch',
    warnings: config.warnings ?? [],
    args: {
      ...launch,
      ...(cwd ? { cwd } : {}),
      ...(python ? { python } : {}),
      ...(launch.justMyCode === undefined && defaults.justMyCode === false ? { justMyCode: false } : {}),
      ...(launch.suspendPolicy === undefined && defaults.suspendPolicy ? { suspendPolicy: defaults.suspendPolicy } : {}),
    },
  }
}

/** The toolbar's run configurations of the open folder and the one chosen; follows the open folder. */
export class RunConfigurationsModel {
  readonly store = new Store<RunConfigurationsState>({ folder: null, chosen: CURRENT_FILE, addDialogOpen: false })
  /** The launch.json error last reported, so that reading the same broken file again does not report it again. */
  private reported = ''

  constructor(
    private readonly host: HostApi,
    private readonly workbench: WorkbenchModel,
  ) {
    followOpenFolder(workbench, () => this.state.folder, (root) => void this.openFolder(root))
  }

  get state(): RunConfigurationsState {
    return this.store.get()
  }

  private async openFolder(folder: string | null): Promise<void> {
    this.reported = ''
    this.store.update(() => ({ folder, chosen: CURRENT_FILE, addDialogOpen: false }))
    if (!folder) return
    const [settings] = await Promise.all([this.host.getProjectSettings(folder).catch(() => ({ runConfiguration: undefined })), this.refresh()])
    if (this.state.folder === folder) this.store.update((s) => ({ ...s, chosen: settings.runConfiguration ?? CURRENT_FILE }))
  }

  /** Reads launch.json again (it may have been edited elsewhere); a new error in it is reported once. */
  async refresh(): Promise<void> {
    const folder = this.state.folder
    if (!folder) return
    let list: RunConfigurations
    try {
      list = await this.host.runConfigurations(folder)
    } catch (err) {
      this.workbench.notify('error', `Could not read .vscode/launch.json: ${errorMessage(err)}`)
      return
    }
    if (this.state.folder !== folder) return
    this.store.update((s) => ({ ...s, list }))
    const error = list.error ? `.vscode/launch.json ${list.error.message}. "Debug current file" still works.` : ''
    if (error && error !== this.reported) this.workbench.notify('error', error)
    this.reported = error
  }

  /** The project's settings file now names `runConfiguration` (edited by hand): F5 starts it. */
  projectSettingsChanged(folder: string, runConfiguration: string | undefined): void {
    const chosen = runConfiguration ?? CURRENT_FILE
    if (this.state.folder === folder && this.state.chosen !== chosen) this.store.update((s) => ({ ...s, chosen }))
  }

  /** The chosen configuration, if launch.json (as last read) still has it. */
  selected(): RunConfiguration | undefined {
    const { chosen, list } = this.state
    return chosen === CURRENT_FILE ? undefined : list?.configurations.find((c) => c.name === chosen)
  }

  /** Chooses what F5 starts (CURRENT_FILE: the active file) and remembers it for the folder. */
  async choose(name: string): Promise<void> {
    const folder = this.state.folder
    this.store.update((s) => ({ ...s, chosen: name }))
    if (!folder) return
    await this.host.setProjectSettings(folder, { runConfiguration: name === CURRENT_FILE ? null : name }).catch((err) => {
      this.workbench.notify('error', `Could not remember the configuration: ${errorMessage(err)}`)
    })
  }

  /** Reads launch.json again and says what starting the chosen configuration means now. */
  async plan(ctx: EditorContext, defaults: StartDefaults): Promise<StartPlan> {
    await this.refresh()
    const chosen = this.state.chosen
    const config = this.selected()
    if (chosen !== CURRENT_FILE && !config && !this.state.list?.error) {
      return { kind: 'error', message: `The configuration "${chosen}" is no longer in .vscode/launch.json: choose another one in the toolbar.` }
    }
    return planStart(config, ctx, defaults)
  }

  setAddDialogOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, addDialogOpen: open }))
  }

  /** Writes a new entry into launch.json, chooses it and shows it in the editor. Resolves false on failure. */
  async add(entry: LaunchJsonEntry): Promise<boolean> {
    const folder = this.state.folder
    if (!folder) return false
    try {
      const { name, configurations } = await this.host.addRunConfiguration(folder, entry)
      this.store.update((s) => ({ ...s, list: configurations, addDialogOpen: false }))
      await this.choose(name)
      const line = configurations.configurations.find((c) => c.name === name)?.line
      await this.workbench.editor.openFile(configurations.file, line)
      return true
    } catch (err) {
      this.workbench.notify('error', `Could not add the configuration: ${errorMessage(err)}`)
      return false
    }
  }

  /** Opens launch.json at its error (or its start). */
  showLaunchJson(): void {
    const list = this.state.list
    if (list?.exists) void this.workbench.editor.openFile(list.file, list.error?.line)
  }

  /** The token kept for a recent attach target (only where the OS keychain keeps tokens). */
  async rememberedToken(host: string, port: number): Promise<string | undefined> {
    const choices = await this.host.attachChoices().catch(() => undefined)
    return choices?.recent.find((t) => t.host === host && t.port === port && t.token)?.token
  }

  setAttachPreset(target: AttachTarget | undefined): void {
    this.store.update((s) => ({ ...s, attachPreset: target }))
  }

  /** The attach dialog takes the preset once, when it opens. */
  takeAttachPreset(): AttachTarget | undefined {
    const preset = this.state.attachPreset
    if (preset) this.setAttachPreset(undefined)
    return preset
  }
}
