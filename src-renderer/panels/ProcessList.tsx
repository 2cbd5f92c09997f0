// The process tree of the session: the launched program and the Python child processes it started, each its
// own session. Shown above the threads once there is more than one; selecting a process shows its threads,
// stack and variables, and the toolbar's actions then act on it.
import { processTree } from '../debug/processes'
import { useServices, useStore } from '../workbench/services'

const STATUS_TEXT = { initializing: 'Starting', running: 'Running', stopped: 'Paused', terminating: 'Ending' } as const

export function ProcessList() {
  const { debug } = useServices()
  const list = useStore(debug.store, (s) => s.processes)
  const shown = useStore(debug.store, (s) => s.session?.id)
  if (list.length < 2) return null
  return (
    <div className="process-list" role="listbox" aria-label="Processes" data-testid="processes">
      {processTree(list).map(({ entry, depth }) => (
        <div
          key={entry.sessionId}
          role="option"
          tabIndex={0}
          aria-selected={entry.sessionId === shown}
          className={`row process ${entry.sessionId === shown ? 'selected' : ''}`}
          style={{ paddingLeft: 6 + depth * 14 }}
          data-testid="process"
          data-pid={entry.pid ?? ''}
          data-status={entry.status}
          onClick={() => debug.selectProcess(entry.sessionId)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault()
              debug.selectProcess(entry.sessionId)
            }
          }}
        >
          <span className="process-name" title={entry.name}>
            {entry.name}
          </span>
          {entry.pid !== undefined && <span className="process-pid">pid {entry.pid}</span>}
          <span className={entry.status === 'stopped' ? 'badge paused' : 'badge'}>{STATUS_TEXT[entry.status]}</span>
        </div>
      ))}
    </div>
  )
}
