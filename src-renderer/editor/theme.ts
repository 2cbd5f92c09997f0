// The editor's dark theme and Python highlight colours (VS Code Dark Modern-like).
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { tags as t } from '@lezer/highlight'

const darkTheme = EditorView.theme(
  {
    '&': { color: '#d4d4d4', backgroundColor: '#1e1e1e', height: '100%', fontSize: '13px' },
    '.cm-scroller': { fontFamily: 'var(--mono-font)', lineHeight: '1.5' },
    '.cm-content': { caretColor: '#aeafad' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#aeafad' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#264f78' },
    '.cm-activeLine': { backgroundColor: '#ffffff08' },
    '.cm-gutters': { backgroundColor: '#1e1e1e', color: '#6e7681', border: 'none' },
    '.cm-activeLineGutter': { backgroundColor: 'transparent', color: '#cccccc' },
    '.cm-lineNumbers .cm-gutterElement': { padding: '0 12px 0 4px' },
  },
  { dark: true },
)

const pythonHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: '#c586c0' },
  { tag: [t.definitionKeyword, t.bool, t.null, t.self], color: '#569cd6' },
  { tag: [t.function(t.definition(t.variableName)), t.function(t.variableName)], color: '#dcdcaa' },
  { tag: [t.definition(t.className), t.className], color: '#4ec9b0' },
  { tag: [t.string, t.special(t.string)], color: '#ce9178' },
  { tag: [t.number], color: '#b5cea8' },
  { tag: [t.comment], color: '#6a9955', fontStyle: 'italic' },
  { tag: [t.variableName, t.definition(t.variableName)], color: '#9cdcfe' },
  { tag: [t.propertyName], color: '#9cdcfe' },
  { tag: [t.operator, t.punctuation], color: '#d4d4d4' },
  { tag: [t.meta, t.annotation], color: '#dcdcaa' },
])

export function editorTheme(): Extension {
  return [darkTheme, syntaxHighlighting(pythonHighlight)]
}
