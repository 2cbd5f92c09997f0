// Function breakpoints in the Breakpoints panel: add by name (`module.func`, `Class.method`, `func`), enable,
// disable, choose which threads its stop suspends, remove. A name not found yet is hollow until the program
// imports its module.
import { useState } from 'react'
import { suspendPolicyOf } from '../debug/breakpoints'
import { useServices, useStore } from '../workbench/services'
import { icons } from './icons'

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

export function FunctionBreakpointsView() {
  const { debug, commands } = useServices()
  const list = useStore(debug.store, (s) => s.functionBreakpoints)
  const [name, setName] = useState('')
  const add = () => {
    if (!name.trim()) return
    debug.addFunctionBreakpoint(name)
    setName('')
  }
  return (
    <div className="function-breakpoints" role="group" aria-label="Function breakpoints">
      {list.map((b) => (
        <div
          key={b.key}
          className={`row breakpoint-row ${b.enabled ? '' : 'disabled'}`}
          data-testid="function-breakpoint-row"
          data-name={b.name}
          data-verified={b.verified}
          title={b.message ?? (b.path ? `${b.path}:${b.line}` : b.name)}
          onClick={() => b.path && b.line && commands.goToLine(b.path, b.line)}
        >
          <input
            type="checkbox"
            data-testid="function-breakpoint-enabled"
            aria-label={`${b.enabled ? 'Disable' : 'Enable'} the breakpoint on ${b.name}`}
            checked={b.enabled}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => debug.setFunctionBreakpointEnabled(b.key, e.target.checked)}
          />
          <span className={`bp-glyph bp-plain bp-${!b.enabled ? 'disabled' : b.verified ? 'verified' : 'unverified'}`} aria-hidden="true" />
          <span className="bp-location">
            ƒ {b.name}
            {b.path && b.line !== undefined && <span className="muted"> {baseName(b.path)}:{b.line}</span>}
            {b.suspendPolicy && (
              <span className="bp-detail" data-testid="function-breakpoint-detail">
                {b.suspendPolicy === 'thread' ? 'suspends its thread' : 'suspends all threads'}
              </span>
            )}
          </span>
          {b.message && b.enabled && <span className="bp-message" data-testid="function-breakpoint-message">{b.message}</span>}
          <span className="row-actions">
            <select
              className="panel-title-select"
              data-testid="function-breakpoint-suspend"
              aria-label={`Threads a stop in ${b.name} suspends`}
              title="Which threads its stop suspends"
              value={b.suspendPolicy ?? ''}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => debug.setFunctionBreakpointSuspendPolicy(b.key, suspendPolicyOf(e.target.value))}
            >
              <option value="">suspend as set</option>
              <option value="all">suspend all threads</option>
              <option value="thread">suspend its thread</option>
            </select>
            <button
              className="icon-button"
              data-testid="function-breakpoint-remove"
              title="Remove Function Breakpoint"
              onClick={(e) => {
                e.stopPropagation()
                debug.removeFunctionBreakpoint(b.key)
              }}
            >
              {icons.close}
            </button>
          </span>
        </div>
      ))}
      <div className="row exception-rule-add">
        <input
          className="inline-input"
          data-testid="function-breakpoint-input"
          aria-label="Function to break in"
          placeholder="Function breakpoint, e.g. module.func or Class.method (Enter)"
          spellCheck={false}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add()
          }}
        />
        <button className="icon-button" data-testid="function-breakpoint-add" title="Add Function Breakpoint" onClick={add}>
          {icons.add}
        </button>
      </div>
    </div>
  )
}
