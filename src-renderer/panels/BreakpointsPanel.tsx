// Every breakpoint of the folder, with its condition, hit count or log message; a click shows its line, the
// checkbox enables or disables it (a disabled one is kept but not sent). Exception settings sit on top.
// Keys on a focused row: Enter shows the line, F2 edits, Delete removes.
import { breakpointKind, displayLine, type SourceBreakpoint } from '../debug/breakpoints'
import { useServices, useStore } from '../workbench/services'
import { DataBreakpointsView } from './DataBreakpointsView'
import { FunctionBreakpointsView } from './FunctionBreakpointsView'
import { ExceptionSettingsView } from './ExceptionSettingsView'
import { icons } from './icons'
import { PanelTitle } from './PanelTitle'

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

/** What the breakpoint does besides stopping, in words: "if x > 3 · hit >= 2 · log: x={x}". */
export function breakpointDetail(bp: SourceBreakpoint): string {
  const parts: string[] = []
  if (bp.condition) parts.push(`if ${bp.condition}`)
  if (bp.hitCondition) parts.push(`hit ${bp.hitCondition}`)
  if (bp.logMessage) parts.push(`log: ${bp.logMessage}`)
  if (bp.temporary) parts.push('once')
  if (bp.dependsOn) parts.push(`after ${baseName(bp.dependsOn.path)}:${bp.dependsOn.line}`)
  if (bp.suspendPolicy) parts.push(bp.suspendPolicy === 'thread' ? 'suspends its thread' : 'suspends all threads')
  return parts.join(' · ')
}

function BreakpointRow({ path, bp }: { path: string; bp: SourceBreakpoint }) {
  const { debug, commands } = useServices()
  const line = displayLine(bp)
  const detail = breakpointDetail(bp)
  const kind = breakpointKind(bp)
  const state = !bp.enabled ? 'disabled' : bp.verified ? 'verified' : 'unverified'
  return (
    <div
      className={`row breakpoint-row ${bp.enabled ? '' : 'disabled'}`}
      tabIndex={0}
      data-testid="breakpoint-row"
      data-path={path}
      data-line={line}
      data-enabled={bp.enabled}
      data-kind={kind}
      title={`${path}:${line}${bp.message ? `\n${bp.message}` : ''}`}
      onClick={() => commands.goToLine(path, line)}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return
        if (e.key === 'Enter') commands.goToLine(path, line)
        else if (e.key === 'F2') commands.editBreakpoint(path, line)
        else if (e.key === 'Delete') debug.removeBreakpoint(path, bp.key)
        else return
        e.preventDefault()
      }}
    >
      <input
        type="checkbox"
        data-testid="breakpoint-enabled"
        aria-label={`${bp.enabled ? 'Disable' : 'Enable'} the breakpoint at ${baseName(path)}:${line}`}
        checked={bp.enabled}
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => debug.setBreakpointEnabled(path, bp.key, e.target.checked)}
      />
      <span className={`bp-glyph bp-${kind} bp-${state} ${bp.message && bp.enabled ? 'bp-error' : ''}`} aria-hidden="true" />
      <span className="bp-location">
        {baseName(path)}
        <span className="muted">:{line}</span>
      </span>
      {detail && <span className="bp-detail" data-testid="breakpoint-detail">{detail}</span>}
      {bp.message && bp.enabled && <span className="bp-message" data-testid="breakpoint-message">{bp.message}</span>}
      <span className="row-actions">
        <button
          className="icon-button"
          data-testid="breakpoint-edit"
          title="Edit Condition, Hit Count, Log Message (F2)"
          onClick={(e) => {
            e.stopPropagation()
            commands.editBreakpoint(path, line)
          }}
        >
          {icons.edit}
        </button>
        <button
          className="icon-button"
          data-testid="breakpoint-remove"
          title="Remove Breakpoint (Delete)"
          onClick={(e) => {
            e.stopPropagation()
            debug.removeBreakpoint(path, bp.key)
          }}
        >
          {icons.close}
        </button>
      </span>
    </div>
  )
}

export function BreakpointsPanel() {
  const { debug } = useServices()
  const table = useStore(debug.store, (s) => s.breakpoints)
  const entries = Object.entries(table)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, list]) => list.map((bp) => ({ path, bp })))
  const anyEnabled = entries.some((e) => e.bp.enabled)
  return (
    <section className="panel" data-testid="breakpoints-panel">
      <PanelTitle className="with-actions">
        <span>Breakpoints</span>
        <span className="title-actions">
          <button
            className="icon-button"
            data-testid="breakpoints-toggle-all"
            title={anyEnabled ? 'Disable All Breakpoints' : 'Enable All Breakpoints'}
            aria-label={anyEnabled ? 'Disable All Breakpoints' : 'Enable All Breakpoints'}
            disabled={entries.length === 0}
            onClick={() => debug.setAllBreakpointsEnabled(!anyEnabled)}
          >
            {icons.toggleAll}
          </button>
          <button
            className="icon-button"
            data-testid="breakpoints-remove-all"
            title="Remove All Breakpoints"
            aria-label="Remove All Breakpoints"
            disabled={entries.length === 0}
            onClick={() => debug.removeAllBreakpoints()}
          >
            {icons.removeAll}
          </button>
        </span>
      </PanelTitle>
      <div className="panel-body">
        <ExceptionSettingsView />
        <FunctionBreakpointsView />
        <DataBreakpointsView />
        {entries.map(({ path, bp }) => (
          <BreakpointRow key={bp.key} path={path} bp={bp} />
        ))}
        {entries.length === 0 && <div className="tree-note">No breakpoints: click the gutter, F9, or right-click for a conditional one.</div>}
      </div>
    </section>
  )
}
