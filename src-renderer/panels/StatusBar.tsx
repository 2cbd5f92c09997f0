import { InterpreterStatus } from '../dialogs/InterpreterPicker'
import { useServices, useStore } from '../workbench/services'
import { DebugStatus } from './DebugStatus'
import { ProgressStatus } from './Progress'
import { StatusBarEnd } from './StatusBarEnd'

export function StatusBar() {
  const { debug, workbench, host } = useServices()
  const debugging = useStore(debug.store, (s) => !!s.session)
  const root = useStore(workbench.store, (s) => s.root)
  return (
    <footer className={`statusbar ${debugging ? 'debugging' : ''}`}>
      <DebugStatus />
      <ProgressStatus />
      <InterpreterStatus />
      <span className="muted">{root ?? 'No folder'}</span>
      <span className="muted">{host.transport === 'web' ? 'Browser mode' : 'Desktop'}</span>
      <StatusBarEnd />
    </footer>
  )
}
