// The editor area: tabs and one CodeMirror view whose state switches with the active file. It feeds the
// breakpoint and current-line extensions from the debug model.
import { EditorSelection, type ChangeSet, type EditorState, type Text } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useEffect, useRef } from 'react'
import { breakpointAt, breakpointKind, displayLine, hitConditionProblem } from '../debug/breakpoints'
import { selectedFrame } from '../debug/debugState'
import { setBreakpointEditor } from '../editor/breakpointEditor'
import { setBreakpointMarkers } from '../editor/breakpointGutter'
import { mapLineThroughChanges } from '../editor/breakpointLines'
import { createEditorState } from '../editor/createEditorState'
import { setCurrentLine } from '../editor/currentLine'
import { reloadTransaction } from '../editor/diskReload'
import { setInlineValues } from '../editor/inlineValues'
import { reconfigureTheme } from '../editor/theme'
import { useColorTheme } from '../workbench/useColorTheme'
import type { OpenEditor } from '../workbench/editorModel'
import { useServices, useStore } from '../workbench/services'
import { breakpointDetail } from './BreakpointsPanel'
import { ExceptionWidget } from './ExceptionWidget'
import { rowKeyDown } from './rowKeys'
import { WelcomeView } from './WelcomeView'
import { DiskChangedBar } from './DiskChangedBar'
import { UnsavedChangesDialog } from '../dialogs/UnsavedChangesDialog'

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

function tabTitle(e: OpenEditor): string {
  if (e.deleted) return `${e.path} (deleted on disk: Ctrl+S saves it again)`
  return e.dirty ? `${e.path} (unsaved changes: Ctrl+S saves)` : e.path
}

export function EditorPanel() {
  const { workbench, debug, commands } = useServices()
  const editors = useStore(workbench.editor.store, (s) => s.editors)
  const activePath = useStore(workbench.editor.store, (s) => s.activePath)
  const reveal = useStore(workbench.editor.store, (s) => s.reveal)
  const bpEditor = useStore(workbench.editor.store, (s) => s.breakpointEditor)
  const breakpoints = useStore(debug.store, (s) => (activePath ? s.breakpoints[activePath] : undefined))
  const session = useStore(debug.store, (s) => s.session)
  const active = editors.find((e) => e.path === activePath)
  const content = active?.content
  const theme = useColorTheme()

  const parentRef = useRef<HTMLDivElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  /** Per file: its CodeMirror state, and the text and reload count it was last brought in line with. */
  const states = useRef(new Map<string, { content: string; reloads: number; state: EditorState }>())
  const shownPath = useRef<string | null>(null)

  useEffect(() => {
    const view = new EditorView({ parent: parentRef.current! })
    viewRef.current = view
    commands.cursorLine = () =>
      shownPath.current ? view.state.doc.lineAt(view.state.selection.main.head).number : undefined
    return () => {
      view.destroy()
      viewRef.current = null
      shownPath.current = null
    }
  }, [commands])

  // Switch the view to the active file's state (created on first use, kept per file for cursor and scroll).
  useEffect(() => {
    const view = viewRef.current
    if (!view) return
    if (shownPath.current && shownPath.current !== activePath) {
      const prev = states.current.get(shownPath.current)
      if (prev) states.current.set(shownPath.current, { ...prev, state: view.state })
    }
    for (const path of states.current.keys()) if (!editors.some((e) => e.path === path)) states.current.delete(path)
    if (!activePath || content === undefined) {
      shownPath.current = null
      return
    }
    let entry = states.current.get(activePath)
    let created = false
    const reloads = active?.reloads ?? 0
    if (entry && entry.reloads !== reloads) {
      // The file's text on disk replaced `content`: the editor takes it as one change (cursor and scroll kept).
      const shown = shownPath.current === activePath
      const base = shown ? view.state : entry.state
      const spec = reloadTransaction(base, content)
      if (shown) view.dispatch(spec)
      entry = { content, reloads, state: shown ? view.state : base.update(spec).state }
      states.current.set(activePath, entry)
      created = !shown
    } else if (entry && entry.content !== content) {
      // `content` changes only when the file is saved, with the text the editor already holds: keep its state
      // (cursor, undo history, what was typed during the save).
      entry = { ...entry, content }
      states.current.set(activePath, entry)
    }
    if (!entry) {
      const path = activePath
      const actions = {
        toggleBreakpoint: (line: number) => commands.toggleBreakpoint(path, line),
        editBreakpoint: (line: number) => commands.editBreakpoint(path, line),
        hover: (expression: string) => debug.evaluateForHover(expression),
        edited: (changes: ChangeSet, before: Text, after: Text, reloaded: boolean) => {
          // Typing moves breakpoints with their lines; a new version from disk keeps them on their line numbers.
          if (!reloaded) debug.moveBreakpointLines(path, (line) => mapLineThroughChanges(before, after, changes, line))
          workbench.editor.editContent(path, after)
        },
      }
      entry = { content, reloads, state: createEditorState(content, actions, /\.pyw?$/i.test(path), theme) }
      states.current.set(activePath, entry)
      created = true
    }
    if (shownPath.current !== activePath || created) view.setState(entry.state)
    shownPath.current = activePath
  }, [activePath, content, active?.reloads, editors, commands, debug, workbench]) // not theme: a new theme reconfigures the state (below)

  // The colour theme: the shown state is reconfigured in place (a kept state of another file catches up when
  // it is shown again, since this runs after every switch).
  useEffect(() => {
    const view = viewRef.current
    const change = view && reconfigureTheme(view.state, theme)
    if (change) view.dispatch(change)
  }, [theme, activePath, content])

  // Breakpoint markers of the shown file.
  useEffect(() => {
    const view = viewRef.current
    if (!view || content === undefined) return
    const markers = (breakpoints ?? []).map((bp) => ({
      line: displayLine(bp),
      verified: bp.verified,
      enabled: bp.enabled,
      kind: breakpointKind(bp),
      message: bp.message,
      detail: breakpointDetail(bp) || undefined,
    }))
    view.dispatch({ effects: setBreakpointMarkers.of(markers) })
  }, [breakpoints, activePath, content])

  // The inline breakpoint editor, when it is open on the shown file. It reads the breakpoint once, when it
  // opens: later changes to the table (a verification) must not reset what the user is typing.
  useEffect(() => {
    const view = viewRef.current
    if (!view || content === undefined) return
    if (!bpEditor || bpEditor.path !== activePath) {
      view.dispatch({ effects: setBreakpointEditor.of(null) })
      return
    }
    const { path, line } = bpEditor
    const bp = breakpointAt(debug.state.breakpoints, path, line)
    const close = () => {
      workbench.editor.closeBreakpointEditor()
      view.focus()
    }
    // "Enable after": every other breakpoint, as path:line (its line as the user set it, which the tracer matches).
    const others = Object.entries(debug.state.breakpoints).flatMap(([p, list]) =>
      list.filter((b) => !(p === path && b === bp)).map((b) => ({ value: `${b.line}:${p}`, label: `${p.split(/[\\/]/).pop()}:${b.line}` })),
    )
    const dependsOnValue = bp?.dependsOn ? `${bp.dependsOn.line}:${bp.dependsOn.path}` : undefined
    view.dispatch({
      effects: setBreakpointEditor.of({
        line,
        others,
        values: { condition: bp?.condition, hitCondition: bp?.hitCondition, logMessage: bp?.logMessage, temporary: bp?.temporary, dependsOn: dependsOnValue, suspendPolicy: bp?.suspendPolicy },
        defaultSuspendPolicy: workbench.state.settings.suspendPolicy,
        message: bp?.enabled ? bp.message : undefined,
        validate: (values) => hitConditionProblem(values.hitCondition),
        onSave: ({ dependsOn, ...values }) => {
          const split = dependsOn ? /^(\d+):(.*)$/.exec(dependsOn) : null
          debug.setBreakpointOptions(path, line, { ...values, dependsOn: split ? { path: split[2], line: Number(split[1]) } : undefined })
          close()
        },
        onCancel: close,
      }),
    })
  }, [bpEditor, activePath, content, debug, workbench])

  // The selected frame's line, when it is in the shown file.
  const frame = selectedFrame(session)
  const frameLine = frame && frame.source?.path === activePath ? frame.line : undefined
  const isTop = frame !== undefined && session?.frames[0]?.id === frame.id
  useEffect(() => {
    const view = viewRef.current
    if (!view || content === undefined) return
    view.dispatch({ effects: setCurrentLine.of(frameLine !== undefined ? { line: frameLine, top: isTop } : null) })
  }, [frameLine, isTop, activePath, content])

  // Inline values: the selected frame's Locals (as fetched for the Variables panel) on its function's lines.
  const inlineOn = useStore(workbench.store, (s) => s.settings.inlineValues !== false)
  const locals = session?.status === 'stopped' ? session.scopes.find((sc) => sc.presentationHint === 'locals' || sc.name === 'Locals') : undefined
  const localItems = session && locals ? session.variables[locals.variablesReference]?.items : undefined
  useEffect(() => {
    const view = viewRef.current
    if (!view || content === undefined) return
    const values = new Map<string, string>()
    for (const v of localItems ?? []) if (!v.presentationHint?.lazy) values.set(v.name, v.value)
    const spec = inlineOn && frameLine !== undefined && values.size > 0 ? { frameLine, values } : null
    view.dispatch({ effects: setInlineValues.of(spec) })
  }, [inlineOn, localItems, frameLine, activePath, content])

  // Reveal requests (a selected frame, an opened location): move the cursor there and centre it.
  useEffect(() => {
    const view = viewRef.current
    if (!view || !reveal || content === undefined || reveal.path !== activePath) return
    const line = view.state.doc.line(Math.min(Math.max(reveal.line, 1), view.state.doc.lines))
    view.dispatch({
      selection: EditorSelection.cursor(line.from),
      effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
    })
  }, [reveal, activePath, content])

  return (
    <div className="editor-area" data-testid="editor-area">
      {editors.length > 0 && (
        <div className="tabs" role="tablist">
          {editors.map((e) => (
            <div
              key={e.path}
              role="tab"
              aria-selected={e.path === activePath}
              className={e.path === activePath ? 'tab active' : 'tab'}
              data-testid="editor-tab"
              data-path={e.path}
              data-dirty={e.dirty ? 'true' : undefined}
              data-deleted={e.deleted ? 'true' : undefined}
              title={tabTitle(e)}
              tabIndex={e.path === activePath ? 0 : -1}
              onClick={() => workbench.editor.activateEditor(e.path)}
              onKeyDown={rowKeyDown(() => workbench.editor.activateEditor(e.path), '.tab', 'horizontal')}
            >
              <span className={e.deleted ? 'tab-name tab-deleted' : 'tab-name'}>{baseName(e.path)}</span>
              {e.deleted && <span className="tab-deleted-label" data-testid="editor-tab-deleted">(deleted)</span>}
              {e.dirty && (
                <span className="tab-dirty" data-testid="editor-tab-dirty" aria-label="unsaved changes">
                  ●
                </span>
              )}
              <button
                className="tab-close"
                data-testid="editor-tab-close"
                title="Close"
                onClick={(ev) => {
                  ev.stopPropagation()
                  void workbench.editor.requestClose(e.path)
                }}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {active?.error && <div className="editor-error">Could not open {active.path}: {active.error}</div>}
      {active?.changedOnDisk && <DiskChangedBar path={active.path} />}
      <ExceptionWidget />
      <div
        className="editor"
        data-testid="editor"
        data-path={activePath ?? ''}
        ref={parentRef}
        style={{ display: content !== undefined ? undefined : 'none' }}
      />
      {editors.length === 0 && <WelcomeView />}
      <UnsavedChangesDialog />
    </div>
  )
}
