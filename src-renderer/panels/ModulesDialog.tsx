// The modules the debugged program has loaded (DAP `modules`): its own code first, then the standard library
// and installed packages. A filter narrows the list; clicking a module with a file opens it.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { useEffect, useState } from 'react'
import { useServices, useStore } from '../workbench/services'
import { errorMessage } from '../errorMessage'

export function ModulesDialog() {
  const { workbench, debug } = useServices()
  const open = useStore(workbench.store, (s) => !!s.modulesOpen)
  const [modules, setModules] = useState<DebugProtocol.Module[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [filter, setFilter] = useState('')
  useEffect(() => {
    if (!open) return
    setModules(undefined)
    setError(undefined)
    debug.loadedModules().then(setModules, (err) => setError(errorMessage(err)))
  }, [open, debug])
  if (!open) return null
  const close = () => workbench.setModulesOpen(false)
  const needle = filter.trim().toLowerCase()
  const shown = (modules ?? []).filter((m) => !needle || String(m.name).toLowerCase().includes(needle) || (m.path ?? '').toLowerCase().includes(needle))
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal modules-dialog" role="dialog" aria-label="Loaded modules" data-testid="modules-dialog">
        <div className="modal-title">
          Loaded modules {modules && <span className="muted">({modules.length})</span>}
          <button className="link" data-testid="modules-close" onClick={close}>
            Close
          </button>
        </div>
        <input className="inline-input" data-testid="modules-filter" autoFocus placeholder="Filter by name or path" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="modules-list">
          {!modules && !error && <div className="tree-note">Loading…</div>}
          {error && <div className="tree-note error">{error}</div>}
          {shown.map((m) => (
            <div
              key={String(m.id)}
              className={`row module ${m.isUserCode ? 'user' : 'library'}`}
              data-testid="module"
              data-name={m.name}
              title={m.path ?? String(m.name)}
              onClick={() => {
                if (!m.path) return
                close()
                void workbench.editor.openFile(m.path)
              }}
            >
              <span className="module-name">{m.name}</span>
              {m.isUserCode && <span className="bp-detail">your code</span>}
              <span className="muted module-path">{m.path ?? '(built in)'}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
