// Variables of the selected frame: scopes, then variables that expand lazily (a `variables` request per
// expansion, through the debug model). Expansion is remembered by name path, so it survives steps.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { useEffect } from 'react'
import { isScopeExpanded, scopeKey } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'

const indent = (depth: number) => ({ paddingLeft: 6 + depth * 14 })
/** The name path shown to tests: "Locals/data/items" (scope key without its prefix). */
const testPath = (key: string) => key.replace(/^scope:/, '')

function Children({ reference, indexed, parentKey, depth }: { reference: number; indexed?: number; parentKey: string; depth: number }) {
  const { debug } = useServices()
  const children = useStore(debug.store, (s) => s.session?.variables[reference])
  const missing = children === undefined
  useEffect(() => {
    if (missing) void debug.loadVariables(reference, indexed)
  }, [missing, reference, indexed, debug])

  if (!children || (children.loading && children.items.length === 0)) {
    return <div className="tree-note" style={indent(depth)}>Loading…</div>
  }
  return (
    <>
      {children.items.map((v, i) => (
        <VariableNode key={`${i}:${v.name}`} variable={v} parentKey={parentKey} depth={depth} />
      ))}
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

function VariableNode({ variable: v, parentKey, depth }: { variable: DebugProtocol.Variable; parentKey: string; depth: number }) {
  const { debug } = useServices()
  const key = `${parentKey}/${v.name}`
  const expandable = v.variablesReference > 0
  const expanded = useStore(debug.store, (s) => !!s.expanded[key])
  return (
    <>
      <div
        className={`row variable ${expandable ? 'expandable' : ''}`}
        style={indent(depth)}
        data-testid="variable"
        data-path={testPath(key)}
        data-name={v.name}
        title={`${v.name}${v.type ? ` (${v.type})` : ''} = ${v.value}`}
        onClick={() => expandable && debug.setExpanded(key, !expanded)}
      >
        <span className="twisty">{expandable ? (expanded ? '▾' : '▸') : ''}</span>
        <span className="var-name">{v.name}</span>
        <span className="var-sep">: </span>
        <span className="var-value" data-testid="variable-value">{v.value}</span>
        {v.type && <span className="var-type">{v.type}</span>}
      </div>
      {expandable && expanded && (
        <Children reference={v.variablesReference} indexed={v.indexedVariables} parentKey={key} depth={depth + 1} />
      )}
    </>
  )
}

export function VariablesPanel() {
  const { debug } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const state = useStore(debug.store, (s) => s)
  return (
    <section className="panel" data-testid="variables">
      <div className="panel-title">Variables</div>
      <div className="panel-body variables-body">
        {session?.status !== 'stopped' && <div className="tree-note">{session ? 'Running…' : 'Not debugging.'}</div>}
        {session?.status === 'stopped' &&
          session.scopes.map((scope, i) => {
            const key = scopeKey(scope)
            const expanded = isScopeExpanded(state, scope, i)
            return (
              <div key={key}>
                <div
                  className="row scope"
                  data-testid="scope"
                  data-name={scope.name}
                  data-expanded={expanded}
                  onClick={() => debug.setExpanded(key, !expanded)}
                >
                  <span className="twisty">{expanded ? '▾' : '▸'}</span>
                  <span className="scope-name">{scope.name}</span>
                </div>
                {expanded && scope.variablesReference > 0 && (
                  <Children reference={scope.variablesReference} indexed={scope.indexedVariables} parentKey={key} depth={1} />
                )}
              </div>
            )
          })}
      </div>
    </section>
  )
}
