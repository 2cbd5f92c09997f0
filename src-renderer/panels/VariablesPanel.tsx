// Variables of the selected frame: scopes, then variables that expand lazily (see VariableTree). A filter box
// narrows the loaded rows to those whose name or value holds the text typed; it stays while stepping.
import { useMemo, useState } from 'react'
import { isScopeExpanded, scopeKey } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'
import { filterVariables } from './variableFilter'
import { Children, VariableFilterContext } from './VariableTree'
import { PanelTitle } from './PanelTitle'

export function VariablesPanel() {
  const { debug, workbench } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const state = useStore(debug.store, (s) => s)
  const hex = useStore(debug.store, (s) => s.hexValues)
  const past = useStore(debug.store, (s) => !!s.session?.past)
  const inline = useStore(workbench.store, (s) => s.settings.inlineValues !== false)
  const [query, setQuery] = useState('')
  const scopes = session?.status === 'stopped' ? session.scopes : undefined
  const variables = session?.variables
  const filter = useMemo(
    () => (query.trim() && scopes && variables ? filterVariables(variables, scopes.map((s) => ({ key: scopeKey(s), reference: s.variablesReference })), query) : null),
    [query, scopes, variables],
  )
  return (
    <section className="panel" data-testid="variables">
      <PanelTitle>
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
        <button
          className={`panel-title-button ${inline ? 'on' : ''}`}
          data-testid="inline-values-toggle"
          aria-pressed={inline}
          title="Show the values of locals at the end of the stopped function's lines in the editor"
          onClick={() => void workbench.setInlineValues(!inline)}
        >
          inline
        </button>
      </PanelTitle>
      <input
        className="variables-filter"
        data-testid="variables-filter"
        type="search"
        placeholder="Filter (name or value)"
        aria-label="Filter variables by name or value"
        spellCheck={false}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            setQuery('')
          }
        }}
      />
      <div className="panel-body variables-body">
        {session?.status !== 'stopped' && <div className="tree-note">{session ? 'Running…' : 'Not debugging.'}</div>}
        <VariableFilterContext.Provider value={filter}>
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
          {filter && filter.shown.size === 0 && (
            <div className="tree-note" data-testid="variables-no-match">No loaded variable matches “{query.trim()}”.</div>
          )}
        </VariableFilterContext.Provider>
      </div>
    </section>
  )
}
