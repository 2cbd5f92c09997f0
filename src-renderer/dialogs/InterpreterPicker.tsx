// The interpreter of the open project: the status bar shows the one in force (with its version, or that it does
// not work); clicking it lists what the host found (.venv, pyenv, conda, PATH) with versions and paths, "Use the
// default" (the toolbar's Python field) and "Enter path…".
import { useState } from 'react'
import type { InterpreterInfo } from '../../src-preload/contract'
import '../runSetup.css'
import { interpreterLabel } from '../workbench/interpreterModel'
import { useServices, useStore } from '../workbench/services'

const SOURCE_LABELS: Record<InterpreterInfo['source'], string> = {
  project: 'project',
  pyenv: 'pyenv',
  conda: 'conda',
  path: 'PATH',
  chosen: 'chosen',
}

/** The status bar entry: which Python the project runs with. */
export function InterpreterStatus() {
  const { interpreters, workbench } = useServices()
  const projectPython = useStore(interpreters.store, (s) => s.projectPython)
  const setting = useStore(workbench.store, (s) => s.settings.python)
  const check = useStore(workbench.store, (s) => s.python.check)
  const python = projectPython ?? setting
  const label = python.trim() ? interpreterLabel(python) : 'python3'
  const version = check?.ok ? check.version : undefined
  const title = `${check?.ok ? check.path : python || 'python3 on PATH'}${projectPython ? ' (chosen for this project)' : ' (the default: the Python field)'}. Click to choose another.`
  return (
    <button className={`statusbar-item ${check && !check.ok ? 'broken' : ''}`} data-testid="interpreter-status" title={title} onClick={() => void interpreters.openPicker()}>
      {check && !check.ok ? '⚠ ' : ''}Python {version ?? ''} ({label})
    </button>
  )
}

export function InterpreterPicker() {
  const { interpreters, workbench } = useServices()
  const state = useStore(interpreters.store, (s) => s)
  const setting = useStore(workbench.store, (s) => s.settings.python)
  const [entering, setEntering] = useState(false)
  const [path, setPath] = useState('')
  if (!state.pickerOpen) return null
  const close = () => {
    setEntering(false)
    interpreters.closePicker()
  }
  const choose = (chosen: string | null) => {
    setEntering(false)
    setPath('')
    void interpreters.choose(chosen)
  }
  return (
    <div className="modal-backdrop" data-testid="interpreter-picker" onMouseDown={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal interpreter-picker" role="dialog" aria-label="Choose the Python interpreter" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">
          Python interpreter {state.folder ? <span className="muted">for {state.folder.split(/[\\/]/).pop()}</span> : <span className="muted">(no folder open: the default)</span>}
        </div>
        <div className="interpreter-list">
          <button className={`interpreter-row ${state.projectPython === undefined ? 'selected' : ''}`} data-testid="interpreter-default" onClick={() => choose(null)}>
            <span className="interpreter-name">Use the default</span>
            <span className="muted">the Python field: {setting.trim() || 'python3 on PATH'}</span>
          </button>
          {!state.list && <div className="tree-note">Looking for interpreters…</div>}
          {state.listError && <div className="tree-note error">{state.listError}</div>}
          {state.list?.map((i) => (
            <button
              key={i.path}
              className={`interpreter-row ${state.projectPython === i.path ? 'selected' : ''} ${i.problem ? 'broken' : ''}`}
              data-testid="interpreter"
              data-path={i.path}
              data-source={i.source}
              title={i.problem ?? i.path}
              onClick={() => choose(i.path)}
            >
              <span className="interpreter-name">
                {i.version ? `Python ${i.version}` : 'Python ?'}
                {/* pyenv's environments are named by their version: no need to say it twice */}
                {i.name !== i.version && <span className="interpreter-env">{i.name}</span>}
              </span>
              <span className="interpreter-source">{SOURCE_LABELS[i.source]}</span>
              <span className="muted interpreter-path">{i.path}</span>
              {i.problem && <span className="interpreter-problem">{i.problem}</span>}
            </button>
          ))}
        </div>
        {entering ? (
          <div className="interpreter-enter">
            <input
              data-testid="interpreter-path-input"
              autoFocus
              spellCheck={false}
              placeholder="/path/to/python, or a name on PATH"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && path.trim()) choose(path)
              }}
            />
            <button className="primary" data-testid="interpreter-path-ok" disabled={!path.trim()} onClick={() => choose(path)}>
              Use
            </button>
          </div>
        ) : (
          <button className="link" data-testid="interpreter-enter-path" onClick={() => setEntering(true)}>
            Enter path…
          </button>
        )}
        <div className="modal-buttons">
          <button data-testid="interpreter-cancel" onClick={close}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
