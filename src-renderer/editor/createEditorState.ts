// The extensions of one file's editor state. The editor is read-only: Bugscope debugs files, it does not edit
// them, so breakpoint lines never need remapping through edits.
import { defaultKeymap } from '@codemirror/commands'
import { python } from '@codemirror/lang-python'
import { bracketMatching, foldGutter, indentOnInput } from '@codemirror/language'
import { highlightSelectionMatches } from '@codemirror/search'
import { EditorState } from '@codemirror/state'
import {
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view'
import { breakpointEditor } from './breakpointEditor'
import { breakpointGutter } from './breakpointGutter'
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
      EditorState.readOnly.of(true),
      EditorState.tabSize.of(4),
      // The key table's editor keys (find, go to line, …) first, then CodeMirror's moves and selections.
      keymap.of([...editorKeymap(), ...defaultKeymap]),
      isPython ? python() : [],
      editorTheme(theme),
    ],
  })
}
