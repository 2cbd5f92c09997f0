// The open files: editors (tabs), the active one, unsaved changes and saving, files changed on disk, the questions
// these raise (close unsaved? overwrite a file changed on disk?), reveal requests and the inline breakpoint editor.
// Like the other models it changes only through named actions; the editor panel reads `store`.
import type { FileStamp, HostApi } from '../../src-preload/contract'
import { Store } from '../debug/store'
import { errorMessage } from '../errorMessage'

export interface OpenEditor {
  readonly path: string
  /** The text as read from disk or last saved (the editor's own state holds what is being typed). */
  readonly content?: string
  readonly error?: string
  /** The editor's text differs from `content`: unsaved changes (● on the tab). */
  readonly dirty?: boolean
  /** A save is under way. */
  readonly saving?: boolean
  /**
   * The file's stamp when `content` was read or saved (null: there is no file); a different stamp on disk means
   * another program changed it. Undefined until known (a file outside the folder, before its first read).
   */
  readonly stamp?: FileStamp | null
  /** Counts the times `content` was replaced from disk: the editor then replaces its text (keeping breakpoints' lines). */
  readonly reloads?: number
  /** The file changed on disk (to `stamp`) while the editor had unsaved changes: Reload or Keep yours. */
  readonly changedOnDisk?: { readonly stamp: FileStamp }
  /** The file was deleted on disk; its text stays in the editor, and saving creates the file again. */
  readonly deleted?: boolean
}

/** A question the workbench waits on (the unsaved-changes dialog), and its answers. */
export type EditorPrompt =
  | { readonly kind: 'unsaved'; readonly paths: readonly string[]; readonly reason: 'close' | 'openFolder' }
  | { readonly kind: 'saveConflict'; readonly path: string }
export type PromptAnswer = 'save' | 'discard' | 'overwrite' | 'reload' | 'cancel'

/** A request to the editor to show a line; `seq` makes a repeated reveal of the same line distinct. */
export interface RevealRequest {
  readonly path: string
  readonly line: number
  readonly seq: number
}

/** The inline breakpoint editor, open under one line of one file. */
export interface BreakpointEditorTarget {
  readonly path: string
  readonly line: number
}

export interface EditorState {
  readonly editors: readonly OpenEditor[]
  readonly activePath: string | null
  readonly reveal?: RevealRequest
  /** Where the inline breakpoint editor (condition, hit count, log message) is open, if anywhere. */
  readonly breakpointEditor?: BreakpointEditorTarget
  /** The question shown in the unsaved-changes dialog, while one is asked. */
  readonly prompt?: EditorPrompt
}

/** An editor's text as CodeMirror holds it (its Text): read whole only when needed. */
export interface DraftText {
  toString(): string
  readonly length: number
}

const initial: EditorState = { editors: [], activePath: null }

export const sameStamp = (a: FileStamp | null | undefined, b: FileStamp | null | undefined): boolean =>
  a === b || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size)

/** The file on disk as the editor last knew it: what a new stamp is compared with. */
const knownStamp = (e: OpenEditor) => (e.deleted ? null : (e.changedOnDisk?.stamp ?? e.stamp))

export class EditorModel {
  readonly store = new Store<EditorState>(initial)

  /** The editors' current text, kept as CodeMirror's Text (no copy per keystroke), until saved or closed. */
  private readonly drafts = new Map<string, DraftText>()
  /** Resolves the question in `state.prompt`. */
  private answerPrompt?: (answer: PromptAnswer) => void

  constructor(
    private readonly host: HostApi,
    /** Shows a notification (the workbench's). */
    private readonly notify: (kind: 'error' | 'info', text: string) => void,
  ) {}

  get state(): EditorState {
    return this.store.get()
  }

  /** Opens a file in an editor (or activates it) and optionally reveals a line. */
  async openFile(path: string, line?: number): Promise<void> {
    const already = this.state.editors.find((e) => e.path === path)
    this.store.update((s) => ({
      ...s,
      editors: already ? s.editors : [...s.editors, { path }],
      activePath: path,
      reveal: line !== undefined ? { path, line, seq: (s.reveal?.seq ?? 0) + 1 } : s.reveal,
    }))
    if (already && already.content !== undefined) return
    try {
      // The stamp before the read: a change in between shows as a new stamp, and the next check compares the text.
      const stamp = await this.stampOf(path)
      const content = await this.host.readFile(path)
      this.setEditor(path, { path, content, stamp })
    } catch (err) {
      this.setEditor(path, { path, error: errorMessage(err) })
      this.notify('error', `Could not open ${path}: ${errorMessage(err)}`)
    }
  }

  private setEditor(path: string, editor: OpenEditor): void {
    this.store.update((s) => ({ ...s, editors: s.editors.map((e) => (e.path === path ? editor : e)) }))
  }

  activateEditor(path: string): void {
    this.store.update((s) => ({ ...s, activePath: path }))
  }

  /** Opens the inline breakpoint editor under `line` of `path`, showing that file and line. */
  async openBreakpointEditor(path: string, line: number): Promise<void> {
    this.store.update((s) => ({ ...s, breakpointEditor: { path, line } }))
    await this.openFile(path, line)
  }

  closeBreakpointEditor(): void {
    this.store.update((s) => (s.breakpointEditor ? { ...s, breakpointEditor: undefined } : s))
  }

  /** The editor of `path` now holds `text` (an edit); it is dirty unless the text is the saved one again. */
  editContent(path: string, text: DraftText): void {
    const editor = this.state.editors.find((e) => e.path === path)
    if (editor?.content === undefined) return
    this.drafts.set(path, text)
    const dirty = text.length !== editor.content.length || text.toString() !== editor.content
    if (dirty !== !!editor.dirty) this.setEditor(path, { ...editor, dirty })
  }

  /**
   * Ctrl+S: writes the active editor's text to its file (a deleted file is created again). When the file changed on
   * disk since it was loaded, asks first: overwrite it, or reload it. Returns whether it was saved (or had nothing
   * to save).
   */
  async save(path = this.state.activePath): Promise<boolean> {
    const editor = path ? this.editorOf(path) : undefined
    if (!path || !editor || editor.content === undefined || editor.saving || !(editor.dirty || editor.deleted)) return true
    this.setEditor(path, { ...editor, saving: true })
    let stamp: FileStamp
    let text: string
    try {
      const go = await this.confirmOverwrite(path, editor)
      if (go !== 'overwrite') {
        const now = this.editorOf(path)
        if (now) this.setEditor(path, { ...now, saving: false })
        if (go === 'reload') await this.reload(path)
        return false
      }
      // Read after the question: what was typed while it was open is saved too.
      text = this.drafts.get(path)?.toString() ?? editor.content
      stamp = await this.host.writeFile(path, text)
    } catch (err) {
      const now = this.state.editors.find((e) => e.path === path)
      if (now) this.setEditor(path, { ...now, saving: false })
      this.notify('error', `Could not save ${path}: ${errorMessage(err).replace(/\.$/, '')}. The changes are still in the editor; Ctrl+S tries again.`)
      return false
    }
    const now = this.editorOf(path)
    if (!now) return true
    // What was typed while it was being written stays unsaved. The new stamp is the workbench's own change.
    const current = this.drafts.get(path)?.toString() ?? text
    this.setEditor(path, { ...now, content: text, dirty: current !== text, saving: false, stamp, deleted: undefined, changedOnDisk: undefined })
    return true
  }

  /** Before a save: 'overwrite' when the file on disk is still the one loaded (or gone), else the user's answer. */
  private async confirmOverwrite(path: string, editor: OpenEditor): Promise<PromptAnswer> {
    const now = await this.stampOf(path)
    // Unknown (the host does not watch it), unchanged, or deleted (saving creates it again): nothing to lose.
    if (now === undefined || now === null || sameStamp(now, editor.stamp)) return 'overwrite'
    // A new stamp with the same text (touched, checked out again) loses nothing either.
    const disk = await this.host.readFile(path).catch(() => undefined)
    if (disk === editor.content) return 'overwrite'
    return this.ask({ kind: 'saveConflict', path })
  }

  /** The paths of editors with unsaved changes. */
  unsavedPaths(): string[] {
    return this.state.editors.filter((e) => e.dirty).map((e) => e.path)
  }

  /** The close button of a tab: an editor with unsaved changes asks first (Save / Don't Save / Cancel). */
  async requestClose(path: string): Promise<boolean> {
    if (!this.editorOf(path)?.dirty) {
      this.closeEditor(path)
      return true
    }
    this.activateEditor(path)
    const answer = await this.ask({ kind: 'unsaved', paths: [path], reason: 'close' })
    if (answer === 'cancel' || (answer === 'save' && !(await this.save(path)))) return false
    this.closeEditor(path)
    return true
  }

  /**
   * Before every editor closes (another folder opens): when some have unsaved changes, asks whether to save them.
   * Resolves whether to go on.
   */
  async confirmCloseAll(): Promise<boolean> {
    const paths = this.unsavedPaths()
    if (paths.length === 0) return true
    const answer = await this.ask({ kind: 'unsaved', paths, reason: 'openFolder' })
    if (answer === 'cancel') return false
    if (answer === 'save') for (const path of paths) if (!(await this.save(path))) return false
    return true
  }

  /** Shows `prompt` in the dialog and resolves with the answer (a question still open is cancelled). */
  private ask(prompt: EditorPrompt): Promise<PromptAnswer> {
    this.answerPrompt?.('cancel')
    return new Promise((resolve) => {
      const answer = (value: PromptAnswer) => {
        if (this.answerPrompt !== answer) return
        this.answerPrompt = undefined
        this.store.update((s) => ({ ...s, prompt: undefined }))
        resolve(value)
      }
      this.answerPrompt = answer
      this.store.update((s) => ({ ...s, prompt }))
    })
  }

  /** The dialog's button (or key): answers the question shown. */
  answer(answer: PromptAnswer): void {
    this.answerPrompt?.(answer)
  }

  // ---- files changed on disk ----

  /**
   * Compares the open files with the disk once. A file changed on disk reloads when its editor has no unsaved
   * changes, and raises the bar (Reload / Keep yours) when it has; a deleted file's tab is marked deleted.
   */
  async checkDisk(): Promise<void> {
    // What each editor knew when asked: an answer that crosses a save of our own (a new stamp) is not a change.
    const asked = new Map(this.state.editors.filter((e) => e.content !== undefined && !e.saving).map((e) => [e.path, e]))
    if (asked.size === 0) return
    const stamps = await this.host.fileStamps([...asked.keys()])
    for (const [path, before] of asked) {
      const now = stamps[path]
      if (now === undefined || sameStamp(now, knownStamp(before))) continue
      if (now === null) {
        this.updateIfUnchanged(path, before, (e) => ({ ...e, deleted: true, changedOnDisk: undefined, stamp: null }))
        continue
      }
      const text = await this.host.readFile(path).catch(() => undefined)
      if (text === undefined) continue // unreadable now (binary, too large, gone again): the next check tries again
      this.updateIfUnchanged(path, before, (e) => {
        const fresh = { ...e, deleted: undefined, changedOnDisk: undefined }
        if (text === e.content) return { ...fresh, stamp: now } // touched, or changed back: nothing to show
        if (!e.dirty) {
          this.drafts.delete(path)
          return { ...fresh, content: text, stamp: now, reloads: (e.reloads ?? 0) + 1 }
        }
        return { ...fresh, changedOnDisk: { stamp: now } }
      })
    }
  }

  /** The bar's "Reload": the file's text on disk replaces the editor's (unsaved changes are lost). */
  async reload(path: string): Promise<void> {
    try {
      const stamp = await this.stampOf(path)
      const content = await this.host.readFile(path)
      const editor = this.editorOf(path)
      if (!editor) return
      this.drafts.delete(path)
      this.setEditor(path, { path, content, stamp, reloads: (editor.reloads ?? 0) + 1 })
    } catch (err) {
      this.notify('error', `Could not reload ${path}: ${errorMessage(err)}`)
    }
  }

  /** The bar's "Keep yours": the editor's text stays; the next save overwrites the file on disk without asking. */
  keepEditorText(path: string): void {
    const editor = this.editorOf(path)
    if (editor?.changedOnDisk) this.setEditor(path, { ...editor, stamp: editor.changedOnDisk.stamp, changedOnDisk: undefined })
  }

  /**
   * Checks the open files every `intervalMs` while `visible()` (a hidden window has no one to tell; it checks as it
   * comes back). Returns the function that stops it.
   */
  watchDisk(intervalMs = 1000, visible: () => boolean = () => true): () => void {
    let busy = false
    const timer = setInterval(() => {
      if (busy || !visible()) return
      busy = true
      this.checkDisk()
        .catch(() => undefined) // the host is gone: its own error is shown by the call that needed it
        .finally(() => (busy = false))
    }, intervalMs)
    return () => clearInterval(timer)
  }

  private editorOf(path: string): OpenEditor | undefined {
    return this.state.editors.find((e) => e.path === path)
  }

  /** The file's stamp now: null when it does not exist, undefined when the host does not answer for it. */
  private async stampOf(path: string): Promise<FileStamp | null | undefined> {
    return (await this.host.fileStamps([path]))[path]
  }

  /** Applies `change` to the editor of `path` unless it changed since `before` (a save, a reload, a close). */
  private updateIfUnchanged(path: string, before: OpenEditor, change: (e: OpenEditor) => OpenEditor): void {
    const now = this.editorOf(path)
    if (!now || now.saving || now.stamp !== before.stamp || now.content !== before.content) return
    this.setEditor(path, change(now))
  }

  closeEditor(path: string): void {
    this.drafts.delete(path)
    this.store.update((s) => {
      const index = s.editors.findIndex((e) => e.path === path)
      if (index < 0) return s
      const editors = s.editors.filter((e) => e.path !== path)
      const activePath =
        s.activePath === path ? (editors[Math.min(index, editors.length - 1)]?.path ?? null) : s.activePath
      return { ...s, editors, activePath }
    })
  }

  /** Another folder was opened: every editor closes. */
  closeAll(): void {
    this.drafts.clear()
    this.store.update((s) => ({ ...s, editors: [], activePath: null }))
  }
}
