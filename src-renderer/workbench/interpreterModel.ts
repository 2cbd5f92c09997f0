// Which Python runs the open project: the interpreter chosen for it in the status bar's picker (remembered per
// project by the host), else the user setting of the toolbar's Python field. The host checks the one in force;
// the picker lists what the host finds (.venv, pyenv, conda, PATH) with versions.
import type { HostApi, InterpreterInfo } from '../../src-preload/contract'
import { Store } from '../debug/store'
import type { WorkbenchModel } from './workbenchModel'
import { followOpenFolder } from './followFolder'
import { errorMessage } from '../errorMessage'

export interface InterpreterState {
  readonly folder: string | null
  /** The interpreter chosen for the open project; undefined: the user setting is in force. */
  readonly projectPython?: string
  readonly pickerOpen: boolean
  /** What the host found, while the picker is open; undefined while it looks. */
  readonly list?: readonly InterpreterInfo[]
  readonly listError?: string
}

/** A short name for an interpreter path: its environment (".venv", "pyenv 3.12.1", "conda ml") or its file name. */
export function interpreterLabel(path: string): string {
  const p = path.replace(/\\/g, '/')
  const project = /\/([^/]+)\/(?:bin|Scripts)\/python[^/]*$/.exec(p)
  const pyenv = /\/\.pyenv\/(?:pyenv-win\/)?versions\/([^/]+)\//.exec(p)
  if (pyenv) return `pyenv ${pyenv[1]}`
  const conda = /\/envs\/([^/]+)\/(?:bin\/)?python[^/]*$/.exec(p)
  if (conda) return `conda ${conda[1]}`
  if (project && /^\.?venv$|^env$|^\.env$/.test(project[1])) return project[1]
  return p.split('/').pop() || p
}

export class InterpreterModel {
  readonly store = new Store<InterpreterState>({ folder: null, pickerOpen: false })
  private listSeq = 0

  constructor(
    private readonly host: HostApi,
    private readonly workbench: WorkbenchModel,
  ) {
    followOpenFolder(workbench, () => this.state.folder, (root) => void this.openFolder(root))
  }

  get state(): InterpreterState {
    return this.store.get()
  }

  /** The interpreter setting in force: the project's choice, else the (possibly unsaved) Python field. */
  effectivePython(): string {
    return this.state.projectPython ?? this.workbench.state.settings.python
  }

  private async openFolder(folder: string | null): Promise<void> {
    const had = this.state.projectPython
    this.store.update(() => ({ folder, pickerOpen: false }))
    const chosen = folder ? (await this.host.getProjectSettings(folder).catch(() => ({ python: undefined }))).python : undefined
    if (this.state.folder !== folder) return
    this.store.update((s) => ({ ...s, projectPython: chosen }))
    // The host checks the interpreter in force; it changed with the folder.
    if (chosen !== had) await this.workbench.checkPython()
  }

  /** The project's settings file now names `python` (edited by hand): used from the next start, and checked. */
  async projectSettingsChanged(folder: string, python: string | undefined): Promise<void> {
    if (this.state.folder !== folder || this.state.projectPython === python) return
    this.store.update((s) => ({ ...s, projectPython: python }))
    await this.workbench.checkPython()
  }

  async openPicker(): Promise<void> {
    const seq = ++this.listSeq
    this.store.update((s) => ({ ...s, pickerOpen: true, list: undefined, listError: undefined }))
    try {
      const list = await this.host.listInterpreters(this.state.folder)
      if (seq === this.listSeq) this.store.update((s) => ({ ...s, list }))
    } catch (err) {
      if (seq === this.listSeq) this.store.update((s) => ({ ...s, list: [], listError: `Could not look for interpreters: ${errorMessage(err)}` }))
    }
  }

  closePicker(): void {
    this.listSeq++
    this.store.update((s) => ({ ...s, pickerOpen: false, list: undefined }))
  }

  /**
   * Uses `path` for the open project from the next start (null: the user setting again), remembers it for the
   * project (or, with no folder open, makes it the user setting), and checks it.
   */
  async choose(path: string | null): Promise<void> {
    const folder = this.state.folder
    const python = path?.trim() || undefined
    this.closePicker()
    if (!folder) {
      this.workbench.editPython(python ?? '')
      await this.workbench.saveSettings()
      return
    }
    this.store.update((s) => ({ ...s, projectPython: python }))
    try {
      await this.host.setProjectSettings(folder, { python: python ?? null })
    } catch (err) {
      this.workbench.notify('error', `Could not remember the interpreter: ${errorMessage(err)}`)
    }
    await this.workbench.checkPython()
  }
}
