// Threads of the debuggee; the stopped thread is marked, and clicking a thread shows its stack.
import { pausedText } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'

export function ThreadsPanel() {
  const { debug, workbench } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  return (
    <section className="panel" data-testid="threads">
      <div className="panel-title">
        Threads
        {session && (
          <button className="panel-title-button" data-testid="open-modules" title="Modules the program has loaded" onClick={() => workbench.setModulesOpen(true)}>
            modules
          </button>
        )}
      </div>
      <div className="panel-body">
        {!session && <div className="tree-note">Not debugging.</div>}
        {session?.threads.map((t) => {
          const stopped = session.status === 'stopped' && t.id === session.stoppedThreadId
          return (
            <div
              key={t.id}
              className={`row thread ${t.id === session.selectedThreadId ? 'selected' : ''}`}
              data-testid="thread"
              data-thread-id={t.id}
              data-stopped={stopped}
              onClick={() => void debug.selectThread(t.id)}
            >
              <span className="thread-name">{t.name}</span>
              <span className={stopped ? 'badge paused' : 'badge'}>
                {stopped ? pausedText(session.stopReason) : session.status === 'stopped' ? 'Paused' : 'Running'}
              </span>
            </div>
          )
        })}
      </div>
    </section>
  )
}
