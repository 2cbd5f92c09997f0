// The variable tree: children of a variablesReference that expand lazily (a `variables` request per
// expansion, through the debug model), paged for large containers. Used by the Variables and Watch panels.
// Expansion is remembered by name path (`parentKey/name`), so it survives steps.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { createContext, useContext, useEffect, useState } from 'react'
import { useServices, useStore } from '../workbench/services'
import { GRID_TYPES } from './GridView'
import { icons } from './icons'
import { displayText } from './displayText'
import { PendingRow } from './Pending'
import { rowShown, type VariableFilterResult } from './variableFilter'

export const indent = (depth: number) => ({ paddingLeft: 6 + depth * 14 })
/** The name path shown to tests: "Locals/data/items" (scope key without its prefix). */
const testPath = (key: string) => key.replace(/^scope:/, '')

/** The Variables panel's filter, while one is typed: rows outside it are left out. */
export const VariableFilterContext = createContext<VariableFilterResult | null>(null)

export function Children({ reference, indexed, parentKey, depth }: { reference: number; indexed?: number; parentKey: string; depth: number }) {
  const { debug } = useServices()
  const children = useStore(debug.store, (s) => s.session?.variables[reference])
  const missing = children === undefined
  const filter = useContext(VariableFilterContext)
  useEffect(() => {
    if (missing) void debug.loadVariables(reference, indexed)
  }, [missing, reference, indexed, debug])

  if (!children || (children.loading && children.items.length === 0)) {
    return <PendingRow style={indent(depth)} />
  }
  return (
    <>
      {children.items.map((v, i) => (filter && !rowShown(filter, parentKey, v.name) ? null : (
        <VariableNode key={`${i}:${v.name}`} variable={v} container={reference} parentKey={parentKey} depth={depth} />
      )))}
      {children.items.length === 0 && !children.error && <div className="tree-note" style={indent(depth)}>(no variables)</div>}
      {children.error && <div className="tree-note error" style={indent(depth)}>{children.error}</div>}
      {children.nextStart !== undefined && (
        <div
          className="row more"
          style={indent(depth)}
          data-testid="variables-more"
          onClick={() => void debug.loadMoreVariables(reference)}
        >
          {children.loading ? 'Loading…' : `Show more (${children.nextStart} of ${children.indexedTotal})`}
        </div>
      )}
    </>
  )
}

/**
 * One variable. `container`: the variablesReference it was listed under; with it (and a debugger that supports
 * setVariable), double-clicking the value edits it: Enter sets it to the Python expression typed, Escape cancels.
 */
export function VariableNode({ variable: v, container, parentKey, depth }: { variable: DebugProtocol.Variable; container?: number; parentKey: string; depth: number }) {
  const { debug, workbench } = useServices()
  const key = `${parentKey}/${v.name}`
  // DAP lazy: a property whose getter runs only when asked. Clicking reads its one child, the value, shown in place.
  const lazy = !!v.presentationHint?.lazy && v.variablesReference > 0
  const expanded = useStore(debug.store, (s) => !!s.expanded[key])
  const lazyValue = useStore(debug.store, (s) => (lazy ? s.session?.variables[v.variablesReference] : undefined))
  useEffect(() => {
    if (lazy && expanded && !lazyValue) void debug.loadVariables(v.variablesReference)
  }, [lazy, expanded, lazyValue, debug, v.variablesReference])
  const resolved = lazy && expanded ? lazyValue?.items[0] : undefined
  // What the row shows and expands: the variable itself, or, for a lazy one whose getter ran, its value (whose
  // children are remembered under `<key>/value`).
  const shown: DebugProtocol.Variable = resolved ? { ...resolved, name: v.name, evaluateName: v.evaluateName } : v
  const childKey = lazy ? `${key}/value` : key
  const expandable = lazy ? !!resolved && resolved.variablesReference > 0 : v.variablesReference > 0
  const childrenShown = useStore(debug.store, (s) => !!s.expanded[childKey])
  const toggle = () => {
    if (lazy && !expanded) debug.setExpanded(key, true) // run the getter; its value then shows in this row
    else if (expandable) debug.setExpanded(childKey, !childrenShown)
  }
  // The past (step back) is read-only; a local of the shown frame can say where its value came from.
  const past = useStore(debug.store, (s) => !!s.session?.past)
  const settable = useStore(debug.store, (s) => !!s.session?.capabilities.supportsSetVariable) && container !== undefined && !past
  const traceable = useStore(debug.store, (s) => !!s.session?.capabilities.supportsStepBack) && parentKey === 'scope:Locals' && !lazy
  // "Break when value changes" (a data breakpoint) on this child of `container`.
  const watchable = useStore(debug.store, (s) => !!s.session?.capabilities.supportsDataBreakpoints && s.session.status === 'stopped') && container !== undefined
  const [editing, setEditing] = useState<string | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const save = async (text: string) => {
    const refused = await debug.setVariable(container!, v.name, text)
    setProblem(refused)
    if (!refused) setEditing(undefined)
  }
  return (
    <>
      <div
        className={`row variable ${expandable ? 'expandable' : ''}`}
        style={indent(depth)}
        data-testid="variable"
        data-path={testPath(key)}
        data-name={v.name}
        title={displayText(lazy && !resolved ? `${v.name}: click to run its getter` : `${v.name}${shown.type ? ` (${shown.type})` : ''} = ${shown.value}`, 2000)}
        data-lazy={lazy || undefined}
        tabIndex={expandable || lazy ? 0 : undefined}
        aria-expanded={expandable ? childrenShown : undefined}
        onClick={toggle}
        onKeyDown={(e) => {
          if ((expandable || lazy) && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault()
            toggle()
          }
        }}
      >
        <span className="twisty">{expandable ? (childrenShown ? '▾' : '▸') : ''}</span>
        <span className="var-name">{displayText(v.name)}</span>
        <span className="var-sep">: </span>
        {editing === undefined ? (
          <span
            className="var-value"
            data-testid="variable-value"
            title={settable ? 'Double-click to set a new value' : undefined}
            onDoubleClick={(e) => {
              if (!settable) return
              e.stopPropagation()
              setProblem(undefined)
              setEditing(v.evaluateName !== undefined || v.variablesReference === 0 ? v.value : '')
            }}
          >
            {displayText(lazy && expanded && !resolved ? (lazyValue?.error ?? '…') : shown.value)}
          </span>
        ) : (
          <input
            className="inline-input var-edit"
            data-testid="variable-edit"
            aria-label={`New value of ${v.name} (a Python expression)`}
            autoFocus
            spellCheck={false}
            value={editing}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              e.stopPropagation()
              if (e.key === 'Enter') void save(editing)
              else if (e.key === 'Escape') setEditing(undefined)
            }}
            onBlur={() => setEditing(undefined)}
          />
        )}
        {shown.type && <span className="var-type">{shown.type}</span>}
        {v.type && GRID_TYPES.has(v.type) && v.variablesReference > 0 && (
          <button
            className="icon-button var-grid"
            data-testid="variable-grid"
            title="Show as a table"
            onClick={(e) => {
              e.stopPropagation()
              workbench.setGrid({ name: v.name || v.value, reference: v.variablesReference, rows: v.indexedVariables ?? 0 })
            }}
          >
            ⊞
          </button>
        )}
        {traceable && (
          <button
            className="icon-button var-origin"
            data-testid="variable-origin"
            title={`Where did this come from? Show the recorded line that last assigned ${v.name}`}
            onClick={(e) => {
              e.stopPropagation()
              void debug.lastAssignment(v.name)
            }}
          >
            ⟲
          </button>
        )}
        <button
          className="icon-button var-copy"
          data-testid="variable-copy"
          title="Copy Value (the whole value, not only what is shown)"
          onClick={(e) => {
            e.stopPropagation()
            void debug.valueForClipboard(v).then((text) => navigator.clipboard?.writeText(text))
          }}
        >
          ⧉
        </button>
        {watchable && (
          <button
            className="icon-button var-watch"
            data-testid="variable-break-on-change"
            title={`Break When Value Changes: stop on the line after ${v.name} changes`}
            onClick={(e) => {
              e.stopPropagation()
              void debug.breakOnValueChange({ variablesReference: container!, name: v.name })
            }}
          >
            {icons.dataBreakpoint}
          </button>
        )}
      </div>
      {problem && <div className="tree-note error" data-testid="variable-edit-problem" style={indent(depth + 1)}>{problem}</div>}
      {expandable && childrenShown && (
        <Children reference={shown.variablesReference} indexed={shown.indexedVariables} parentKey={childKey} depth={depth + 1} />
      )}
    </>
  )
}
