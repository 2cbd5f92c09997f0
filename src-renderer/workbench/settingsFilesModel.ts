// The settings files (the user's settings.json, the open project's .bugscope/settings.json) as the workbench sees
// them: where they are, what is wrong in them, and the settings in force, read again from the host when another
// folder opens, when one of them is read or saved in the editor, when the window gets the focus back (a hand edit
// elsewhere) and before a session starts. A new problem is shown once as a notification; the status bar keeps a
// mark while any is left (SettingsStatus).
import type { HostApi, ProjectSettings, SettingsFiles, SettingsProblem } from '../../src-preload/contract'
import { Emitter, Store } from '../debug/store'
import { followOpenFolder } from './followFolder'
import type { WorkbenchModel } from './workbenchModel'
import { errorMessage } from '../errorMessage'

export interface SettingsFilesState {
  /** As last read; undefined until then. */
  readonly files?: SettingsFiles
}

export type SettingsScope = 'user' | 'project'

/** Every problem of both files, the user's first. */
export function settingsProblems(files: SettingsFiles | undefined): SettingsProblem[] {
  return [...(files?.user.problems ?? []), ...(files?.project?.problems ?? [])]
}

/** The notification for a problem: what is wrong, and what happens meanwhile. */
export function problemNotice(problem: SettingsProblem): string {
  const sentence = problem.message.replace(/([^.])$/, '$1.')
  return problem.broken ? `${sentence} The last good settings stay in force until the file is fixed.` : sentence
}

export class SettingsFilesModel {
  readonly store = new Store<SettingsFilesState>({})
  /** The open project's settings as each read found them (its interpreter and run configuration may be edited by hand). */
  readonly onProjectSettings = new Emitter<{ folder: string; settings: ProjectSettings }>()
  private folder: string | null = null
  /** Problems already notified (by message), so that reading the same file again does not repeat them. */
  private reported = new Set<string>()
  /** The text of each settings file open in the editor, as last read or saved there. */
  private readonly seen = new Map<string, string>()
  private seq = 0

  constructor(
    private readonly host: HostApi,
    private readonly workbench: WorkbenchModel,
  ) {
    followOpenFolder(workbench, () => this.folder, (root) => {
      this.folder = root
      void this.reload()
    })
    workbench.editor.store.subscribe(() => this.followEditors())
  }

  get state(): SettingsFilesState {
    return this.store.get()
  }

  /** Reads the settings in force and the files' problems again; the workbench shows the new settings at once. */
  async reload(): Promise<void> {
    const seq = ++this.seq
    const folder = this.folder
    let settings, files: SettingsFiles, project: ProjectSettings | undefined
    try {
      ;[settings, files, project] = await Promise.all([this.host.getSettings(), this.host.settingsFiles(), folder ? this.host.getProjectSettings(folder) : undefined])
    } catch (err) {
      this.workbench.notify('error', `Could not read the settings: ${errorMessage(err)}`)
      return
    }
    if (seq !== this.seq) return // a newer read is under way
    this.workbench.applySettings(settings)
    this.store.update((s) => ({ ...s, files }))
    if (folder && project) this.onProjectSettings.fire({ folder, settings: project })
    const problems = settingsProblems(files)
    const now = new Set(problems.map((p) => p.message))
    // A problem fixed: its notification goes too.
    const fixed = new Set([...this.reported].filter((m) => !now.has(m)))
    for (const n of this.workbench.state.notifications) if ([...fixed].some((m) => n.message.startsWith(m))) this.workbench.dismiss(n.id)
    for (const p of problems) if (!this.reported.has(p.message)) this.workbench.notify(p.broken ? 'error' : 'info', problemNotice(p))
    this.reported = now
  }

  /** "Open User Settings (JSON)", "Open Project Settings (JSON)": the file in the editor (created when missing), at its first problem. */
  async open(scope: SettingsScope): Promise<void> {
    let path: string
    try {
      path = await this.host.openSettingsFile(scope)
    } catch (err) {
      this.workbench.notify('error', `Could not open the ${scope} settings: ${errorMessage(err)}`)
      return
    }
    await this.reload()
    const info = scope === 'user' ? this.state.files?.user : this.state.files?.project
    await this.workbench.editor.openFile(path, info?.problems.find((p) => p.line !== undefined)?.line)
  }

  /** Shows a problem's line in its file. */
  async showProblem(problem: SettingsProblem): Promise<void> {
    await this.workbench.editor.openFile(problem.file, problem.line)
  }

  /** A settings file read or saved in the editor: what it now says is in force. */
  private followEditors(): void {
    const files = this.state.files
    const paths = [files?.user.path, files?.project?.path].filter((p): p is string => !!p)
    let changed = false
    for (const editor of this.workbench.editor.state.editors) {
      if (editor.content === undefined || !paths.includes(editor.path) || this.seen.get(editor.path) === editor.content) continue
      this.seen.set(editor.path, editor.content)
      changed = true
    }
    if (changed) void this.reload()
  }
}
