// First run without a usable Python: what is wrong and how to get one, until a check finds one. A banner, not a
// dialog: the rest of the workbench stays usable (attaching to a remote program needs no local Python).
import { useServices, useStore } from '../workbench/services'

export function PythonNotice() {
  const { workbench } = useServices()
  const python = useStore(workbench.store, (s) => s.python)
  const check = python.check
  if (!check || check.ok || python.dismissed) return null
  return (
    <div className="notifications">
      <div className="notification warning python-notice" data-testid="python-notice" role="alert">
        <span className="notification-icon">!</span>
        <div className="notification-text">
          <div className="python-problem" data-testid="python-problem">
            {check.problem}
          </div>
          <div data-testid="python-help">{check.help}</div>
        </div>
        <button
          className="primary"
          data-testid="python-check-again"
          title="Run the interpreter in the Python field again"
          disabled={python.checking}
          onClick={() => void workbench.checkPython()}
        >
          {python.checking ? 'Checking…' : 'Check again'}
        </button>
        <button className="notification-close" data-testid="python-notice-dismiss" title="Dismiss" onClick={() => workbench.dismissPythonNotice()}>
          ×
        </button>
      </div>
    </div>
  )
}
