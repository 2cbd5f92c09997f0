// The editor's themes and Python highlight colours: dark (VS Code Dark Modern-like) and light (Light
// Modern-like). They sit in a Compartment so that a change of the colour theme reconfigures the open editor in
// place (cursor, scroll and folds stay) instead of rebuilding its state.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { Compartment, type EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { tags as t } from '@lezer/highlight'
import type { ThemeKind } from '../workbench/colorTheme'

/** The layout both themes share; only colours differ. */
const layout = {
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono-font)', lineHeight: '1.5' },
  '.cm-gutters': { border: 'none' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 12px 0 4px' },
}

const darkTheme = EditorView.theme(
  {
    ...layout,
    '&': { ...layout['&'], color: '#d4d4d4', backgroundColor: '#1e1e1e' },
    '.cm-content': { caretColor: '#aeafad' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#aeafad' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#264f78' },
    '.cm-selectionMatch': { backgroundColor: '#add6ff26' },
    '.cm-activeLine': { backgroundColor: '#ffffff08' },
    '.cm-gutters': { ...layout['.cm-gutters'], backgroundColor: '#1e1e1e', color: '#6e7681' },
    '.cm-activeLineGutter': { ...layout['.cm-activeLineGutter'], color: '#cccccc' },
    '.cm-panels': { backgroundColor: '#252526', color: '#cccccc' },
    '.cm-tooltip': { backgroundColor: '#252526', color: '#cccccc', border: '1px solid #454545' },
  },
  { dark: true },
)

const lightTheme = EditorView.theme(
  {
    ...layout,
    '&': { ...layout['&'], color: '#3b3b3b', backgroundColor: '#ffffff' },
    '.cm-content': { caretColor: '#000000' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#000000' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#add6ff' },
    '.cm-selectionMatch': { backgroundColor: '#a8ac9480' },
    '.cm-activeLine': { backgroundColor: '#0000000a' },
    '.cm-gutters': { ...layout['.cm-gutters'], backgroundColor: '#ffffff', color: '#6e7681' },
    '.cm-activeLineGutter': { ...layout['.cm-activeLineGutter'], color: '#171184' },
    '.cm-panels': { backgroundColor: '#f8f8f8', color: '#3b3b3b' },
    '.cm-tooltip': { backgroundColor: '#ffffff', color: '#3b3b3b', border: '1px solid #cecece' },
  },
  { dark: false },
)

const darkHighlight = HighlightStyle.define([
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

// VS Code Light Modern's Python colours (each at least 4.5:1 on white).
const lightHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: '#af00db' },
  { tag: [t.definitionKeyword, t.bool, t.null, t.self], color: '#0000ff' },
  { tag: [t.function(t.definition(t.variableName)), t.function(t.variableName)], color: '#795e26' },
  { tag: [t.definition(t.className), t.className], color: '#267f99' },
  { tag: [t.string, t.special(t.string)], color: '#a31515' },
  { tag: [t.number], color: '#098658' },
  { tag: [t.comment], color: '#008000', fontStyle: 'italic' },
  { tag: [t.variableName, t.definition(t.variableName)], color: '#001080' },
  { tag: [t.propertyName], color: '#001080' },
  { tag: [t.operator, t.punctuation], color: '#3b3b3b' },
  { tag: [t.meta, t.annotation], color: '#795e26' },
])

/** One extension value per kind, so "is this state already in that theme" is an identity check. */
const themes: Record<ThemeKind, Extension> = {
  dark: [darkTheme, syntaxHighlighting(darkHighlight)],
  light: [lightTheme, syntaxHighlighting(lightHighlight)],
}

const themeCompartment = new Compartment()

/** The theme extension of a new editor state. */
export function editorTheme(kind: ThemeKind = 'dark'): Extension {
  return themeCompartment.of(themes[kind])
}

/** The transaction spec that puts `state` in `kind`'s theme, or null when it already is. */
export function reconfigureTheme(state: EditorState, kind: ThemeKind): { effects: ReturnType<Compartment['reconfigure']> } | null {
  return themeCompartment.get(state) === themes[kind] ? null : { effects: themeCompartment.reconfigure(themes[kind]) }
}
