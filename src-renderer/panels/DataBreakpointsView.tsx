// Data breakpoints in the Breakpoints panel ("break when value changes", set from Variables or Watch): enable,
// disable, condition (`old` and `new` are the two values) and hit count, remove. One that can no longer hit (its
// frame returned, its object was freed) is hollow and says why. They go when their session ends.
import { useState, type KeyboardEvent } from 'react'
import { dataBreakpointDetail, type DataBreakpoint } from '../debug/dataBreakpoints'
import { useServices, useStore } from '../workbench/services'
import { icons } from './icons'

function OptionsEditor({ b, onDone }: { b: DataBreakpoint; onDone: () => void }) {
  const { debug } = useServices()
  const [condition, setCondition] = useState(b.condition ?? '')
  const [hitCondition, setHitCondition] = useState(b.hitCondition ?? '')
  const save = () => {
    debug.setDataBreakpointOptions(b.key, { condition, hitCondition })
    onDone()
  }
  const keys = (e: KeyboardEvent) => {
    e.stopPropagation()
    if (e.key === 'Enter') save()
    else if (e.key === 'Escape') onDone()
  }
  return (
    <div className="row data-breakpoint-editor" data-testid="data-breakpoint-editor">
      <input
        className="inline-input"
        data-testid="data-breakpoint-condition"
        aria-label={`Condition of the data breakpoint on ${b.description}`}
        placeholder="Condition, e.g. new > old (Enter)"
        spellCheck={false}
        autoFocus
        value={condition}
        onChange={(e) => setCondition(e.target.value)}
        onKeyDown={keys}
      />
      <input
        className="inline-input hit-count"
        data-testid="data-breakpoint-hit-condition"
        aria-label={`Hit count of the data breakpoint on ${b.description}`}
        placeholder="Hit count: N, >= N, % N"
        spellCheck={false}
        value={hitCondition}
        onChange={(e) => setHitCondition(e.target.value)}
        onKeyDown={keys}
      />
    </div>
  )
}

function DataBreakpointRow({ b }: { b: DataBreakpoint }) {
  const { debug } = useServices()
  const [editing, setEditing] = useState(false)
  const detail = dataBreakpointDetail(b)
  const state = !b.enabled ? 'disabled' : b.verified ? 'verified' : 'unverified'
  return (
    <>
      <div
        className={`row breakpoint-row ${b.enabled ? '' : 'disabled'}`}
        tabIndex={0}
        data-testid="data-breakpoint-row"
        data-description={b.description}
        data-verified={b.verified}
        title={b.message ?? `Stops on the line after ${b.description} changes`}
        onKeyDown={(e) => {
          if (e.target !== e.currentTarget) return
          if (e.key === 'F2') setEditing(true)
          else if (e.key === 'Delete') debug.removeDataBreakpoint(b.key)
          else return
          e.preventDefault()
        }}
      >
        <input
          type="checkbox"
          data-testid="data-breakpoint-enabled"
          aria-label={`${b.enabled ? 'Disable' : 'Enable'} the data breakpoint on ${b.description}`}
          checked={b.enabled}
          onChange={(e) => debug.setDataBreakpointEnabled(b.key, e.target.checked)}
        />
        <span className={`bp-glyph bp-data bp-${state}`} aria-hidden="true" />
        <span className="bp-location">{b.description}</span>
        {detail && <span className="bp-detail" data-testid="data-breakpoint-detail">{detail}</span>}
        {b.message && b.enabled && <span className="bp-message" data-testid="data-breakpoint-message">{b.message}</span>}
        <span className="row-actions">
          <button className="icon-button" data-testid="data-breakpoint-edit" title="Edit Condition and Hit Count (F2)" onClick={() => setEditing(!editing)}>
            {icons.edit}
          </button>
          <button className="icon-button" data-testid="data-breakpoint-remove" title="Remove Data Breakpoint (Delete)" onClick={() => debug.removeDataBreakpoint(b.key)}>
            {icons.close}
          </button>
        </span>
      </div>
      {editing && <OptionsEditor b={b} onDone={() => setEditing(false)} />}
    </>
  )
}

export function DataBreakpointsView() {
  const { debug } = useServices()
  const list = useStore(debug.store, (s) => s.dataBreakpoints)
  if (list.length === 0) return null
  return (
    <div className="data-breakpoints" role="group" aria-label="Data breakpoints">
      {list.map((b) => (
        <DataBreakpointRow key={b.key} b={b} />
      ))}
    </div>
  )
}
