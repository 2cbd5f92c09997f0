// The extensions of one file's editor state. The file can be edited: each edit is reported (`edited`) so that
// the workbench tracks unsaved changes and the breakpoints follow their lines.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { python } from '@codemirror/lang-python'
import { bracketMatching, foldGutter, indentOnInput, indentUnit } from '@codemirror/language'
import { highlightSelectionMatches } from '@codemirror/search'
import { EditorState, type ChangeSet, type Text } from '@codemirror/state'
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view'
import { breakpointEditor } from './breakpointEditor'
import { breakpointGutter } from './breakpointGutter'
import { isReload } from './diskReload'
import { currentLine } from './currentLine'
import { hoverValue, type HoverEvaluator } from './hoverValue'
import { inlineValues } from './inlineValues'
import type { ThemeKind } from '../workbench/colorTheme'
import { editorKeymap } from '../workbench/keybindings'
import { editorTheme } from './theme'

export interface GutterActions {
  /** A click in the breakpoint gutter. */
  readonly toggleBreakpoint: (line: number) => void
  /** A right-click in the breakpoint gutter: edit the breakpoint there (or a new one). */
  readonly editBreakpoint: (line: number) => void
  /** The value of an expression hovered while paused (null: show nothing). */
  readonly hover: HoverEvaluator
  /**
   * The document changed from `before` to `after` by `changes` (typing, undo, a paste…; `reloaded`: the file's new
   * text on disk replaced it, see diskReload.ts).
   */
  readonly edited: (changes: ChangeSet, before: Text, after: Text, reloaded: boolean) => void
}

export function createEditorState(content: string, actions: GutterActions, isPython: boolean, theme: ThemeKind = 'dark'): EditorState {
  return EditorState.create({
    doc: content,
    extensions: [
      breakpointGutter(actions.toggleBreakpoint, actions.editBreakpoint),
      breakpointEditor(),
      currentLine(),
      hoverValue(actions.hover),
      inlineValues(),
      lineNumbers(),
      foldGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      drawSelection(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      bracketMatching(),
      indentOnInput(),
      history(),
      EditorState.tabSize.of(4),
      indentUnit.of('    '), // PEP 8
      // The key table's editor keys (find, go to line, …) first, then CodeMirror's moves, selections and undo.
      keymap.of([...editorKeymap(), ...defaultKeymap, ...historyKeymap]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) actions.edited(update.changes, update.startState.doc, update.state.doc, isReload(update.transactions))
      }),
      isPython ? python() : [],
      editorTheme(theme),
    ],
  })
}
