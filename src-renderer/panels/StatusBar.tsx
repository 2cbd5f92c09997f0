import { pausedText } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'

export function StatusBar() {
  const { debug, workbench, host } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const starting = useStore(debug.store, (s) => s.starting)
  const exitCode = useStore(debug.store, (s) => s.lastExitCode)
  const root = useStore(workbench.store, (s) => s.root)
  let text: string
  if (starting || session?.status === 'initializing') text = 'Starting…'
  else if (session?.status === 'running') text = 'Running'
  else if (session?.status === 'stopped') text = pausedText(session.stopReason)
  else if (session?.status === 'terminating') text = 'Stopping…'
  else if (exitCode !== undefined) text = `Process exited with code ${exitCode}`
  else text = 'Ready'
  return (
    <footer className={`statusbar ${session ? 'debugging' : ''}`}>
      <span data-testid="status">{text}</span>
      {session?.tracer && (
        <span className="muted" data-testid="engine" title={`Debuggee pid ${session.tracer.pid}`}>
          Python {session.tracer.python} · {session.tracer.engine}
        </span>
      )}
      <span className="muted">{root ?? 'No folder'}</span>
      <span className="muted">{host.transport === 'web' ? 'Browser mode' : 'Desktop'}</span>
    </footer>
  )
}
