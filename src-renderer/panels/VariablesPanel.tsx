// Variables of the selected frame: scopes, then variables that expand lazily (see VariableTree).
import { isScopeExpanded, scopeKey } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'
import { Children } from './VariableTree'

export function VariablesPanel() {
  const { debug } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const state = useStore(debug.store, (s) => s)
  const hex = useStore(debug.store, (s) => s.hexValues)
  const past = useStore(debug.store, (s) => !!s.session?.past)
  return (
    <section className="panel" data-testid="variables">
      <div className="panel-title">
        Variables
        {past && <span className="panel-title-note" data-testid="variables-past">as recorded, read-only</span>}
        <button
          className={`panel-title-button ${hex ? 'on' : ''}`}
          data-testid="hex-toggle"
          aria-pressed={hex}
          title="Show integers in hexadecimal (Variables and Watch)"
          onClick={() => debug.setHexValues(!hex)}
        >
          0x
        </button>
      </div>
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
