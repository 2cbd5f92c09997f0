// Every keyboard shortcut of the workbench, in one table: the window's key handler (KeyDispatcher), the
// editor's keymap (editorKeymap) and the shortcut list (dialogs/ShortcutsDialog.tsx) all read it, so what the
// list shows is what the keys do. Keys are VS Code's where VS Code has one.
import { cursorMatchingBracket, selectAll } from '@codemirror/commands'
import { closeSearchPanel, findNext, findPrevious, gotoLine, openSearchPanel, selectNextOccurrence, selectSelectionMatches } from '@codemirror/search'
import type { Command as EditorCommand, KeyBinding as EditorKeyBinding } from '@codemirror/view'

/** The Commands methods (workbench/commands.ts) a key can run: the ones that take no argument. */
export type KeyCommand =
  | 'startOrContinue'
  | 'runStoppingOnCrash'
  | 'stop'
  | 'restart'
  | 'pause'
  | 'stepOver'
  | 'stepIn'
  | 'stepOut'
  | 'stepIntoTarget'
  | 'runToCursor'
  | 'jumpToCursor'
  | 'toggleBreakpointAtCursor'
  | 'editBreakpointAtCursor'
  | 'showShortcuts'
  | 'quickOpen'
  | 'cycleTheme'
  | 'openUserSettings'
  | 'save'
  | 'focusTerminal'
  | 'newShell'

export type KeyGroup = 'Debug' | 'Breakpoints' | 'Workbench' | 'Editor'

interface BindingBase {
  /**
   * The keys as shown and matched: modifiers in the order Ctrl, Shift, Alt, then the key (`Ctrl+Shift+F5`); a
   * chord is two strokes with a space between (`Ctrl+K Ctrl+S`). A letter key is upper case.
   */
  readonly keys: string
  /** What it does, for the list. */
  readonly title: string
  readonly group: KeyGroup
}

/** A key anywhere in the window (unless a focused control uses it first): runs a workbench command. */
export interface WindowKeyBinding extends BindingBase {
  readonly command: KeyCommand
}

/** A key of the focused editor: runs a CodeMirror command. */
export interface EditorKeyBindingEntry extends BindingBase {
  readonly editor: EditorCommand
  /** The search panel's field handles it too (find next, previous). */
  readonly inSearchPanel?: boolean
  /**
   * When the command does nothing, the key goes on to CodeMirror's own bindings (Escape without a find bar
   * collapses the selection). Otherwise the browser's default is prevented (its own find, bookmark, select all).
   */
  readonly fallsThrough?: boolean
}

export type KeyBinding = WindowKeyBinding | EditorKeyBindingEntry

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: 'F5', command: 'startOrContinue', title: 'Start debugging; continue when paused', group: 'Debug' },
  { keys: 'Ctrl+F5', command: 'runStoppingOnCrash', title: 'Run at full speed, stop only if it crashes', group: 'Debug' },
  { keys: 'Shift+F5', command: 'stop', title: 'Stop (detach from an attached program)', group: 'Debug' },
  { keys: 'Ctrl+Shift+F5', command: 'restart', title: 'Restart the session (the whole process tree)', group: 'Debug' },
  { keys: 'F6', command: 'pause', title: 'Pause', group: 'Debug' },
  { keys: 'F10', command: 'stepOver', title: 'Step over', group: 'Debug' },
  { keys: 'F11', command: 'stepIn', title: 'Step into', group: 'Debug' },
  { keys: 'Shift+F11', command: 'stepOut', title: 'Step out', group: 'Debug' },
  { keys: 'Ctrl+F11', command: 'stepIntoTarget', title: 'Step into one chosen call of the line', group: 'Debug' },
  { keys: 'Ctrl+F10', command: 'runToCursor', title: 'Run to the cursor line', group: 'Debug' },
  { keys: 'Ctrl+Shift+F10', command: 'jumpToCursor', title: 'Jump to the cursor line (go on from there)', group: 'Debug' },
  { keys: 'F9', command: 'toggleBreakpointAtCursor', title: 'Toggle a breakpoint on the cursor line', group: 'Breakpoints' },
  { keys: 'Shift+F9', command: 'editBreakpointAtCursor', title: 'Edit the breakpoint on the cursor line (condition, hit count, log message)', group: 'Breakpoints' },
  { keys: 'Ctrl+S', command: 'save', title: 'Save the file', group: 'Workbench' },
  { keys: 'Ctrl+`', command: 'focusTerminal', title: 'Focus the terminal; again: back to the editor', group: 'Workbench' },
  { keys: 'Ctrl+Shift+`', command: 'newShell', title: 'New shell terminal in the project folder', group: 'Workbench' },
  { keys: 'Ctrl+P', command: 'quickOpen', title: 'Go to a file of the project (fuzzy search)', group: 'Workbench' },
  { keys: 'F1', command: 'showShortcuts', title: 'Keyboard shortcuts (this list)', group: 'Workbench' },
  { keys: 'Ctrl+K Ctrl+S', command: 'showShortcuts', title: 'Keyboard shortcuts (this list)', group: 'Workbench' },
  { keys: 'Ctrl+K Ctrl+T', command: 'cycleTheme', title: 'Colour theme: system, dark, light', group: 'Workbench' },
  { keys: 'Ctrl+,', command: 'openUserSettings', title: 'Open User Settings (JSON)', group: 'Workbench' },
  { keys: 'Ctrl+F', editor: openSearchPanel, title: 'Find in the file', group: 'Editor' },
  { keys: 'F3', editor: findNext, inSearchPanel: true, title: 'Find next', group: 'Editor' },
  { keys: 'Shift+F3', editor: findPrevious, inSearchPanel: true, title: 'Find previous', group: 'Editor' },
  { keys: 'Escape', editor: closeSearchPanel, inSearchPanel: true, fallsThrough: true, title: 'Close the find bar', group: 'Editor' },
  { keys: 'Ctrl+G', editor: gotoLine, title: 'Go to line', group: 'Editor' },
  { keys: 'Ctrl+D', editor: selectNextOccurrence, title: 'Select the next occurrence of the selection', group: 'Editor' },
  { keys: 'Ctrl+Shift+L', editor: selectSelectionMatches, title: 'Select every occurrence of the selection', group: 'Editor' },
  { keys: 'Ctrl+Shift+\\', editor: cursorMatchingBracket, title: 'Go to the matching bracket', group: 'Editor' },
  { keys: 'Ctrl+A', editor: selectAll, title: 'Select all', group: 'Editor' },
]

export const isWindowBinding = (b: KeyBinding): b is WindowKeyBinding => 'command' in b

export type KeyEventLike = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'OS'])

/** A key event as one stroke of the table's notation (`Ctrl+Shift+F5`, `Ctrl+K`); null for a lone modifier. */
export function strokeOf(e: KeyEventLike): string | null {
  if (MODIFIER_KEYS.has(e.key)) return null
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key
  return `${e.ctrlKey ? 'Ctrl+' : ''}${e.shiftKey ? 'Shift+' : ''}${e.altKey ? 'Alt+' : ''}${e.metaKey ? 'Meta+' : ''}${key}`
}

/** The keys of a command, for tooltips ("Step Over (F10)", "F1, Ctrl+K Ctrl+S"); undefined when it has none. */
export function keysFor(command: KeyCommand): string | undefined {
  const keys = KEY_BINDINGS.filter((b) => isWindowBinding(b) && b.command === command).map((b) => b.keys)
  return keys.length ? keys.join(', ') : undefined
}

/**
 * The window's key handler. It matches key events against the table's window bindings, remembering the first
 * stroke of a chord (Ctrl+K) until the next key. `handle` answers whether the key was used; the caller then
 * prevents the browser's default.
 */
export class KeyDispatcher {
  private pendingChord: string | undefined
  private readonly bindings: readonly WindowKeyBinding[]

  constructor(
    private readonly commands: { readonly [K in KeyCommand]: () => unknown },
    bindings: readonly KeyBinding[] = KEY_BINDINGS,
  ) {
    this.bindings = bindings.filter(isWindowBinding)
  }

  /** The first stroke of a chord waiting for its second (for a hint in the status bar). */
  get pending(): string | undefined {
    return this.pendingChord
  }

  handle(e: KeyEventLike): boolean {
    const stroke = strokeOf(e)
    if (!stroke) return false
    if (this.pendingChord) {
      const keys = `${this.pendingChord} ${stroke}`
      this.pendingChord = undefined
      // An unknown second stroke is swallowed too, as VS Code does: the user meant a chord.
      const binding = this.bindings.find((b) => b.keys === keys)
      if (binding) this.run(binding.command)
      return true
    }
    if (this.bindings.some((b) => b.keys.startsWith(`${stroke} `))) {
      this.pendingChord = stroke
      return true
    }
    const binding = this.bindings.find((b) => b.keys === stroke)
    if (!binding) return false
    this.run(binding.command)
    return true
  }

  private run(command: KeyCommand): void {
    void this.commands[command]()
  }
}

/** The table's notation as CodeMirror's (`Ctrl+Shift+L` → `Ctrl-Shift-l`). */
export function codeMirrorKey(keys: string): string {
  return keys
    .split(' ')
    .map((stroke) => {
      const parts = stroke.split('+')
      const key = parts.pop()!
      // A trailing "+" key would split into an empty part; the table has none.
      return [...parts, key.length === 1 ? key.toLowerCase() : key].join('-')
    })
    .join(' ')
}

/** The editor's own keys from the table, for CodeMirror's keymap (placed before its default keymap). */
export function editorKeymap(): EditorKeyBinding[] {
  return KEY_BINDINGS.filter((b): b is EditorKeyBindingEntry => !isWindowBinding(b)).map((b) => ({
    key: codeMirrorKey(b.keys),
    run: b.editor,
    preventDefault: !b.fallsThrough,
    ...(b.inSearchPanel ? { scope: 'editor search-panel' } : {}),
  }))
}
