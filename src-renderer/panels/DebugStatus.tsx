// The status bar's debug part: the session's state (and which process of the tree is shown, when there are
// several) and the engine that traces the program, as the tracer announced it (TRACER_INFO_EVENT). The
// interpreter chosen for the next start is the interpreter picker's entry beside it.
import { pausedText, type DebugState } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'

/** The state in words: "Ready", "Running", "Paused on breakpoint · worker (pid 4242)", "Process exited with code 0". */
export function debugStatusText(d: Pick<DebugState, 'session' | 'starting' | 'restarting' | 'lastExitCode' | 'processes'>): string {
  const session = d.session
  let text: string
  if (d.restarting) return 'Restarting…'
  if (d.starting || session?.status === 'initializing') text = 'Starting…'
  else if (session?.status === 'running') text = 'Running'
  else if (session?.status === 'stopped') text = pausedText(session.stopReason)
  else if (session?.status === 'terminating') text = 'Stopping…'
  else if (d.lastExitCode !== undefined) return `Process exited with code ${d.lastExitCode}`
  else return 'Ready'
  const shown = d.processes.length > 1 ? d.processes.find((p) => p.sessionId === session?.id) : undefined
  return shown ? `${text} · ${shown.name}${shown.pid ? ` (pid ${shown.pid})` : ''}` : text
}

export function DebugStatus() {
  const { debug } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const starting = useStore(debug.store, (s) => s.starting)
  const restarting = useStore(debug.store, (s) => s.restarting)
  const lastExitCode = useStore(debug.store, (s) => s.lastExitCode)
  const processes = useStore(debug.store, (s) => s.processes)
  const tracer = session?.tracer
  return (
    <>
      <span data-testid="status" role="status" aria-live="polite">
        {debugStatusText({ session, starting, restarting, lastExitCode, processes })}
      </span>
      {tracer && (
        <span
          className="muted"
          data-testid="engine"
          title={`The debugged program (pid ${tracer.pid}) runs on Python ${tracer.python}; the tracer follows it with ${tracer.engine}.`}
        >
          Python {tracer.python} · {tracer.engine}
        </span>
      )}
    </>
  )
}
