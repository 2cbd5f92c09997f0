// The workbench model: the open folder, the explorer tree, settings, dialogs and notifications; the open files
// are its EditorModel (`editor`). Like the debug model it changes only through named actions; panels read `store`.
import type { DebugProtocol } from '@vscode/debugprotocol'
import type { FileEntry, HostApi, PythonCheck, Settings, SuspendPolicy } from '../../src-preload/contract'
import { Store } from '../debug/store'
import { EditorModel } from './editorModel'
import { errorMessage } from '../errorMessage'

export interface DirListing {
  readonly entries?: readonly FileEntry[]
  readonly loading: boolean
  readonly error?: string
}

export interface Notification {
  readonly id: number
  readonly kind: 'error' | 'info'
  readonly message: string
}

/** The host's answer to "can the interpreter setting run the tracer?", for the notice shown while it cannot. */
export interface PythonStatus {
  /** The last answer; undefined until the first check is done. */
  readonly check?: PythonCheck
  readonly checking: boolean
  /** The user closed the notice; the next check that fails shows it again. */
  readonly dismissed: boolean
}

export interface GridTarget {
  readonly name: string
  readonly reference: number
  readonly rows: number
}

export interface WorkbenchState {
  readonly root: string | null
  readonly recent: readonly string[]
  readonly dirs: Readonly<Record<string, DirListing>>
  readonly expandedDirs: Readonly<Record<string, boolean>>
  /** Settings as edited in the UI (saved to the host on commit). */
  readonly settings: Settings
  readonly folderDialogOpen: boolean
  readonly attachDialogOpen: boolean
  /** "Step Into Target": the calls of the current line to choose from, while the menu is open. */
  readonly stepTargets?: readonly DebugProtocol.StepInTarget[]
  /** An array or DataFrame shown as a table: its name, children reference and row count. */
  readonly grid?: GridTarget
  /** The loaded-modules dialog is open. */
  readonly modulesOpen?: boolean
  /** The About dialog (name, version) is open. */
  readonly aboutOpen?: boolean
  /** The keyboard shortcut list is open. */
  readonly shortcutsOpen?: boolean
  /** Quick open (Ctrl+P), the project's files by a fuzzy query, is open. */
  readonly quickOpenOpen?: boolean
  readonly notifications: readonly Notification[]
  readonly python: PythonStatus
}

const initial: WorkbenchState = {
  root: null,
  recent: [],
  dirs: {},
  expandedDirs: {},
  settings: { python: '' },
  folderDialogOpen: false,
  attachDialogOpen: false,
  notifications: [],
  python: { checking: false, dismissed: false },
}

export class WorkbenchModel {
  readonly store = new Store<WorkbenchState>(initial)
  /** The open files (editors, unsaved changes, saving). */
  readonly editor: EditorModel
  private nextId = 1
  /** The interpreter setting the host has (a save that changes it checks it again). */
  private savedPython: string | undefined
  /** Numbers the Python checks, so that only the newest one's answer is shown. */
  private pythonCheckSeq = 0

  constructor(private readonly host: HostApi) {
    this.editor = new EditorModel(host, (kind, text) => this.notify(kind, text))
  }

  get state(): WorkbenchState {
    return this.store.get()
  }

  /** Loads the workspace state and settings from the host. */
  async init(): Promise<void> {
    try {
      const [ws, settings] = await Promise.all([this.host.workspace(), this.host.getSettings()])
      this.store.update((s) => ({ ...s, root: ws.root, recent: ws.recent, settings }))
      this.savedPython = settings.python
      const checked = this.checkPython()
      if (ws.root) await this.loadDir(ws.root)
      await checked
    } catch (err) {
      this.notify('error', `Could not reach the Bugscope host: ${errorMessage(err)}`)
    }
  }

  // ---- folders ----

  /** Open Folder: the native picker, or the in-app path dialog where there is none (browser mode). */
  async pickFolder(): Promise<void> {
    let path: string | null = null
    try {
      path = await this.host.pickFolder()
    } catch (err) {
      this.notify('error', `The folder picker failed: ${errorMessage(err)}`)
    }
    if (path) await this.openFolder(path)
    else if (this.host.transport === 'web') this.setFolderDialogOpen(true)
  }

  setFolderDialogOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, folderDialogOpen: open }))
  }

  setModulesOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, modulesOpen: open }))
  }

  setAboutOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, aboutOpen: open }))
  }

  setShortcutsOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, shortcutsOpen: open }))
  }

  setQuickOpenOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, quickOpenOpen: open && !!s.root }))
  }

  /**
   * Follows changes on disk: polls the host's folder version (host: a debounced fs.watch of the open folder) and,
   * when it moves, lists every folder the explorer has loaded again. Returns the function that stops it.
   */
  watchFolder(intervalMs = 700): () => void {
    let seen: { root: string; version: number } | undefined
    let busy = false
    const poll = async () => {
      const root = this.state.root
      if (busy || !root) return
      busy = true
      try {
        const version = await this.host.folderVersion()
        // A folder seen for the first time is listed again too: it may have changed between its first listing
        // and this answer.
        if (version !== seen?.version || root !== seen.root) await this.reloadListings()
        seen = { root, version }
      } catch {
        // The host is gone: its own error is shown by the call that needed it.
      } finally {
        busy = false
      }
    }
    const timer = setInterval(() => void poll(), intervalMs)
    void poll()
    return () => clearInterval(timer)
  }

  /** Lists the loaded folders again, keeping their old entries on screen until the new ones arrive. */
  async reloadListings(): Promise<void> {
    await Promise.all(
      Object.keys(this.state.dirs).map(async (path) => {
        try {
          const entries = await this.host.listDir(path)
          this.store.update((s) => (s.dirs[path] ? { ...s, dirs: { ...s.dirs, [path]: { loading: false, entries } } } : s))
        } catch {
          // Deleted with its parent (which no longer lists it) or unreadable now: forget it.
          this.store.update((s) => {
            const { [path]: _gone, ...dirs } = s.dirs
            return { ...s, dirs }
          })
        }
      }),
    )
  }

  setGrid(grid: GridTarget | undefined): void {
    this.store.update((s) => ({ ...s, grid }))
  }

  setStepTargets(targets: readonly DebugProtocol.StepInTarget[] | undefined): void {
    this.store.update((s) => ({ ...s, stepTargets: targets }))
  }

  setAttachDialogOpen(open: boolean): void {
    this.store.update((s) => ({ ...s, attachDialogOpen: open }))
  }

  /** Opens a folder; resolves false (with a notification) when the host refuses it, or when the user cancels. */
  async openFolder(path: string): Promise<boolean> {
    // Its editors close: unsaved changes are saved or dropped as the user says, or the folder stays.
    if (!(await this.editor.confirmCloseAll())) return false
    try {
      const ws = await this.host.openFolder(path.trim())
      this.store.update((s) => ({
        ...s,
        root: ws.root,
        recent: ws.recent,
        dirs: {},
        expandedDirs: {},
        folderDialogOpen: false,
      }))
      this.editor.closeAll()
      if (ws.root) await this.loadDir(ws.root)
      return true
    } catch (err) {
      this.notify('error', `Could not open the folder: ${errorMessage(err)}`)
      return false
    }
  }

  private async loadDir(path: string): Promise<void> {
    this.store.update((s) => ({ ...s, dirs: { ...s.dirs, [path]: { loading: true } } }))
    try {
      const entries = await this.host.listDir(path)
      this.store.update((s) => ({ ...s, dirs: { ...s.dirs, [path]: { loading: false, entries } } }))
    } catch (err) {
      this.store.update((s) => ({ ...s, dirs: { ...s.dirs, [path]: { loading: false, error: errorMessage(err) } } }))
    }
  }

  /** Expands or collapses a folder in the explorer; its entries load on first expansion. */
  async toggleDir(path: string): Promise<void> {
    const expand = !this.state.expandedDirs[path]
    this.store.update((s) => ({ ...s, expandedDirs: { ...s.expandedDirs, [path]: expand } }))
    const listing = this.state.dirs[path]
    if (expand && (!listing || listing.error)) await this.loadDir(path)
  }

  // ---- settings ----

  /** Edits the interpreter path locally (used by the next launch even before it is saved). */
  editPython(python: string): void {
    this.store.update((s) => ({ ...s, settings: { ...s.settings, python } }))
  }

  /**
   * The settings in force as the host now reads them (settings files edited by hand or saved in the editor, another
   * folder's overrides). An interpreter path being typed in the Python field stays.
   */
  applySettings(settings: Settings): void {
    const typing = this.savedPython !== undefined && this.state.settings.python !== this.savedPython
    this.store.update((s) => {
      const next = typing ? { ...settings, python: s.settings.python } : settings
      return JSON.stringify(next) === JSON.stringify(s.settings) ? s : { ...s, settings: next }
    })
    if (typing || settings.python === this.savedPython) return
    const checked = this.savedPython !== undefined
    this.savedPython = settings.python
    if (checked) void this.checkPython()
  }

  /** The host refused a change (its settings file is broken): say why, and show the settings in force again. */
  private async settingsRefused(err: unknown): Promise<void> {
    this.notify('error', `Could not save the settings: ${errorMessage(err)}`)
    try {
      this.applySettings(await this.host.getSettings())
    } catch {
      // The host is gone; the notification says enough.
    }
  }

  /** Shows a change of the user's settings at once and keeps it; a refusal puts back the settings in force. */
  private async changeSettings(patch: Partial<Settings>): Promise<void> {
    this.store.update((s) => ({ ...s, settings: { ...s.settings, ...patch } }))
    try {
      await this.host.setSettings(patch)
    } catch (err) {
      void this.settingsRefused(err)
    }
  }

  /** Steps skip library code (true) or step into it too; kept in the settings, used from the next start. */
  async setJustMyCode(on: boolean): Promise<void> {
    await this.changeSettings({ justMyCode: on })
  }

  /** Whether new sessions record the program's lines for step back; kept in the settings. */
  async setStepBack(on: boolean): Promise<void> {
    await this.changeSettings({ stepBack: on })
  }

  /** Whether the editor shows locals' values at the end of the stopped function's lines; kept in the settings. */
  async setInlineValues(on: boolean): Promise<void> {
    await this.changeSettings({ inlineValues: on })
  }

  /** What a stop suspends by default (every thread, or only the one that stopped); used from the next start. */
  async setSuspendPolicy(policy: SuspendPolicy): Promise<void> {
    await this.changeSettings({ suspendPolicy: policy })
  }

  /** The colour theme: follow the OS, or force dark or light; applied at once and kept in the settings. */
  async setTheme(theme: NonNullable<Settings['theme']>): Promise<void> {
    await this.changeSettings({ theme })
  }

  async saveSettings(): Promise<void> {
    const edited = this.state.settings.python
    try {
      const settings = await this.host.setSettings({ python: edited.trim() })
      // An answer to an older save must not undo what the user typed since (the field keeps the newer text;
      // its own save follows).
      this.store.update((s) => (s.settings.python === edited ? { ...s, settings } : s))
      if (settings.python !== this.savedPython) {
        this.savedPython = settings.python
        await this.checkPython()
      }
    } catch (err) {
      this.notify('error', `Could not save the settings: ${errorMessage(err)}`)
    }
  }

  /**
   * Asks the host whether the saved interpreter setting runs (at start, after the setting changes, and on "Check
   * again"): a machine without Python hears it, and how to get one, before the first F5 fails.
   */
  async checkPython(): Promise<void> {
    const seq = ++this.pythonCheckSeq
    this.store.update((s) => ({ ...s, python: { ...s.python, checking: true } }))
    let check: PythonCheck | undefined
    try {
      check = await this.host.checkPython()
    } catch (err) {
      if (seq === this.pythonCheckSeq) this.notify('error', `Could not check the Python interpreter: ${errorMessage(err)}`)
    }
    if (seq !== this.pythonCheckSeq) return // a newer check is under way; its answer counts
    this.store.update((s) => ({ ...s, python: check ? { check, checking: false, dismissed: false } : { ...s.python, checking: false } }))
  }

  dismissPythonNotice(): void {
    this.store.update((s) => ({ ...s, python: { ...s.python, dismissed: true } }))
  }

  // ---- notifications ----

  notify(kind: Notification['kind'], text: string): void {
    const n = { id: this.nextId++, kind, message: text }
    this.store.update((s) => ({ ...s, notifications: [...s.notifications.slice(-4), n] }))
  }

  dismiss(id: number): void {
    this.store.update((s) => ({ ...s, notifications: s.notifications.filter((n) => n.id !== id) }))
  }
}
