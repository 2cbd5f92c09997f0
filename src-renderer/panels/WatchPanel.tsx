// Watch expressions, evaluated at each stop in the selected frame (DAP context "watch", through the debug
// model). Containers expand like variables. Double-click or F2 edits an expression, Delete removes it.
import { useRef, useState, type ReactNode } from 'react'
import { watchKey, type WatchExpression } from '../debug/watches'
import { useServices, useStore } from '../workbench/services'
import { EditField } from './EditField'
import { icons } from './icons'
import { Children, indent } from './VariableTree'
import { displayText } from './displayText'
import { PendingValue } from './Pending'
import { PanelTitle } from './PanelTitle'

function WatchRow({ watch }: { watch: WatchExpression }) {
  const { debug } = useServices()
  const result = useStore(debug.store, (s) => s.session?.watchResults[watch.id])
  const stopped = useStore(debug.store, (s) => s.session?.status === 'stopped')
  const key = watchKey(watch)
  const expanded = useStore(debug.store, (s) => !!s.expanded[key])
  const [editing, setEditing] = useState(false)
  const expandable = !!result && !result.loading && !result.error && result.variablesReference > 0
  const watchable = useStore(debug.store, (s) => !!s.session?.capabilities.supportsDataBreakpoints) && stopped

  const startEditing = () => setEditing(true)
  const commit = (text: string) => {
    setEditing(false)
    if (text.trim() !== watch.expression) debug.editWatch(watch.id, text)
  }

  if (editing) {
    return (
      <div className="row watch editing" style={indent(0)}>
        <span className="twisty" />
        <EditField
          initial={watch.expression}
          testId="watch-edit-input"
          label="Edit watch expression (empty removes it)"
          onCommit={commit}
          onCancel={() => setEditing(false)}
        />
      </div>
    )
  }

  let value: ReactNode
  if (!stopped) value = <span className="muted">not available</span>
  else if (!result || result.loading) value = <PendingValue />
  else if (result.error) value = <span className="watch-error" data-testid="watch-error">{displayText(result.error)}</span>
  else value = <span className="var-value" data-testid="watch-value">{displayText(result.value ?? '')}</span>

  return (
    <>
      <div
        className={`row variable watch ${expandable ? 'expandable' : ''}`}
        style={indent(0)}
        tabIndex={0}
        data-testid="watch"
        data-expression={watch.expression}
        aria-expanded={expandable ? expanded : undefined}
        title={displayText(`${watch.expression}${result?.type ? ` (${result.type})` : ''}${result?.value !== undefined ? ` = ${result.value}` : ''}${result?.error ? `: ${result.error}` : ''}`, 2000)}
        onClick={() => expandable && debug.setExpanded(key, !expanded)}
        onDoubleClick={startEditing}
        onKeyDown={(e) => {
          if (e.key === 'F2') startEditing()
          else if (e.key === 'Delete') debug.removeWatch(watch.id)
          else if (expandable && (e.key === 'Enter' || e.key === ' ')) debug.setExpanded(key, !expanded)
          else return
          e.preventDefault()
        }}
      >
        <span className="twisty">{expandable ? (expanded ? '▾' : '▸') : ''}</span>
        <span className="var-name">{watch.expression}</span>
        <span className="var-sep">: </span>
        {value}
        {result?.type && !result.error && <span className="var-type">{result.type}</span>}
        <span className="row-actions">
          {watchable && (
            <button
              className="icon-button"
              data-testid="watch-break-on-change"
              title="Break When Value Changes: stop on the line after this name, attribute or item changes"
              onClick={(e) => (e.stopPropagation(), void debug.breakOnValueChange({ expression: watch.expression }))}
            >
              {icons.dataBreakpoint}
            </button>
          )}
          <button className="icon-button" data-testid="watch-edit" title="Edit Expression (F2)" onClick={(e) => (e.stopPropagation(), startEditing())}>
            {icons.edit}
          </button>
          <button
            className="icon-button"
            data-testid="watch-remove"
            title="Remove Expression (Delete)"
            onClick={(e) => {
              e.stopPropagation()
              debug.removeWatch(watch.id)
            }}
          >
            {icons.close}
          </button>
        </span>
      </div>
      {expandable && expanded && (
        <Children reference={result.variablesReference} indexed={result.indexedVariables} parentKey={key} depth={1} />
      )}
    </>
  )
}

export function WatchPanel() {
  const { debug } = useServices()
  const watches = useStore(debug.store, (s) => s.watches)
  const [draft, setDraft] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const add = () => {
    debug.addWatch(draft)
    setDraft('')
  }
  return (
    <section className="panel" data-testid="watch-panel">
      <PanelTitle className="with-actions">
        <span>Watch</span>
        <span className="title-actions">
          <button className="icon-button" data-testid="watch-add" title="Add Expression" onClick={() => input.current?.focus()}>
            {icons.add}
          </button>
        </span>
      </PanelTitle>
      <div className="panel-body variables-body">
        {watches.map((w) => (
          <WatchRow key={w.id} watch={w} />
        ))}
        <div className="row watch-add-row">
          <input
            ref={input}
            className="inline-input"
            data-testid="watch-input"
            aria-label="Add a watch expression"
            placeholder="Add expression (Enter)"
            spellCheck={false}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') add()
              else if (e.key === 'Escape') setDraft('')
            }}
          />
        </div>
      </div>
    </section>
  )
}
