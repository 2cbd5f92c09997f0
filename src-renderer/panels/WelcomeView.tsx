// Shown in the editor area when no file is open: how to start, and the recent folders.
import { useServices, useStore } from '../workbench/services'

export function WelcomeView() {
  const { workbench } = useServices()
  const recent = useStore(workbench.store, (s) => s.recent)
  const root = useStore(workbench.store, (s) => s.root)
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Bugscope</h1>
      <p className="subtitle">A debugger for Python</p>
      {root ? (
        <p>
          Pick a Python file in the explorer, click the gutter to set breakpoints, then press F5. F5 debugs the current file, or the
          configuration chosen in the toolbar (from .vscode/launch.json).
        </p>
      ) : (
        <p>Open a project folder to start.</p>
      )}
      <button className="primary" data-testid="welcome-open-folder" onClick={() => void workbench.pickFolder()}>
        Open Folder…
      </button>
      <h2>Recent</h2>
      {recent.length === 0 ? (
        <p className="muted">No recent folders.</p>
      ) : (
        <ul className="recent" data-testid="recent-list">
          {recent.map((path) => (
            <li key={path}>
              <button className="link" data-testid="recent-folder" data-path={path} title={path} onClick={() => void workbench.openFolder(path)}>
                {path.split(/[\\/]/).pop() || path}
              </button>
              <span className="muted path">{path}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
