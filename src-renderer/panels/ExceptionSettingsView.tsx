// Exception settings, at the top of the Breakpoints panel: a checkbox per filter the debugger offers (with an
// optional Python condition), and per-type rules ("ValueError: always") when the debugger takes them.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { useState } from 'react'
import { EXCEPTION_BREAK_MODES, exceptionNameProblem, isFilterEnabled } from '../debug/exceptionSettings'
import { useServices, useStore } from '../workbench/services'
import { EditField } from './EditField'
import { icons } from './icons'

const MODE_LABELS: Record<DebugProtocol.ExceptionBreakMode, string> = {
  always: 'always',
  unhandled: 'uncaught',
  userUnhandled: 'user uncaught',
  never: 'never',
}

function ModeSelect(props: { value: DebugProtocol.ExceptionBreakMode; testId: string; label: string; onChange: (mode: DebugProtocol.ExceptionBreakMode) => void }) {
  return (
    <select
      className="mode-select"
      data-testid={props.testId}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as DebugProtocol.ExceptionBreakMode)}
    >
      {EXCEPTION_BREAK_MODES.map((m) => (
        <option key={m} value={m}>
          {MODE_LABELS[m]}
        </option>
      ))}
    </select>
  )
}

function FilterRow({ filter }: { filter: DebugProtocol.ExceptionBreakpointsFilter }) {
  const { debug } = useServices()
  const settings = useStore(debug.store, (s) => s.exceptionSettings)
  const enabled = isFilterEnabled(settings, filter)
  const condition = settings.filters[filter.filter]?.condition
  const problem = useStore(debug.store, (s) => (enabled ? s.exceptionProblems[filter.filter] : undefined))
  const [editing, setEditing] = useState(false)
  const commit = (text: string) => {
    setEditing(false)
    debug.setExceptionFilterCondition(filter.filter, text)
  }
  return (
    <>
      <div className="row exception-filter" data-testid="exception-filter" data-filter={filter.filter} title={filter.description ?? filter.label}>
        <label className="check-label">
          <input
            type="checkbox"
            data-testid="exception-filter-enabled"
            checked={enabled}
            onChange={(e) => debug.setExceptionFilterEnabled(filter.filter, e.target.checked)}
          />
          {filter.label}
        </label>
        {condition && !editing && <span className="bp-detail" data-testid="exception-filter-condition">if {condition}</span>}
        {filter.supportsCondition && (
          <span className="row-actions">
            <button
              className="icon-button"
              data-testid="exception-filter-condition-edit"
              title="Edit Condition: break only when this Python expression is true"
              aria-label={`Edit the condition of ${filter.label}`}
              onClick={() => setEditing(true)}
            >
              {icons.edit}
            </button>
          </span>
        )}
      </div>
      {problem && !editing && <div className="tree-note error" data-testid="exception-filter-problem">{problem}</div>}
      {editing && (
        <div className="row editing" style={{ paddingLeft: 28 }}>
          <EditField
            initial={condition ?? ''}
            testId="exception-filter-condition-input"
            label={`Condition for ${filter.label} (empty: always)`}
            placeholder={filter.conditionDescription ?? 'Break when this Python expression is true (Enter)'}
            onCommit={commit}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
    </>
  )
}

function RuleEditor() {
  const { debug } = useServices()
  const rules = useStore(debug.store, (s) => s.exceptionSettings.rules)
  const problems = useStore(debug.store, (s) => s.exceptionProblems)
  const [name, setName] = useState('')
  const [mode, setMode] = useState<DebugProtocol.ExceptionBreakMode>('always')
  const [problem, setProblem] = useState<string>()
  const add = () => {
    const wrong = exceptionNameProblem(name)
    setProblem(wrong)
    if (wrong) return
    debug.setExceptionRule(name, mode)
    setName('')
  }
  return (
    <>
      {rules.map((r) => (
        <div key={r.name} className="row exception-rule" data-testid="exception-rule" data-name={r.name} title={problems[`rule:${r.name}`]}>
          <span className="rule-name">{r.name}</span>
          <ModeSelect value={r.mode} testId="exception-rule-mode" label={`When to break on ${r.name}`} onChange={(m) => debug.setExceptionRule(r.name, m)} />
          {problems[`rule:${r.name}`] && <span className="bp-message" data-testid="exception-rule-problem">{problems[`rule:${r.name}`]}</span>}
          <span className="row-actions">
            <button className="icon-button" data-testid="exception-rule-remove" title={`Remove the rule for ${r.name}`} onClick={() => debug.removeExceptionRule(r.name)}>
              {icons.close}
            </button>
          </span>
        </div>
      ))}
      <div className="row exception-rule-add">
        <input
          className="inline-input"
          data-testid="exception-rule-input"
          aria-label="Exception type to add a rule for"
          placeholder="Exception type, e.g. ValueError (Enter)"
          spellCheck={false}
          value={name}
          onChange={(e) => {
            setName(e.target.value)
            setProblem(undefined)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add()
          }}
        />
        <ModeSelect value={mode} testId="exception-rule-new-mode" label="When to break on the new type" onChange={setMode} />
        <button className="icon-button" data-testid="exception-rule-add" title="Add Rule" onClick={add}>
          {icons.add}
        </button>
      </div>
      {problem && <div className="tree-note error" data-testid="exception-rule-problem">{problem}</div>}
    </>
  )
}

/** Raise points chosen with "Ignore at this location"; removing one stops there again. */
function IgnoredLocations() {
  const { debug } = useServices()
  const ignored = useStore(debug.store, (s) => s.exceptionSettings.ignored) // (a new [] here would re-render forever)
  return (
    <>
      {(ignored ?? []).map((at) => (
        <div key={`${at.path}:${at.line}`} className="row exception-ignored" data-testid="exception-ignored" data-line={at.line} title={`${at.path}:${at.line}`}>
          <span className="muted">ignored at </span>
          {at.path.split(/[\\/]/).pop()}:{at.line}
          <button
            className="icon-button"
            data-testid="exception-ignored-remove"
            title="Stop here again"
            onClick={() => void debug.unignoreException(at.path, at.line)}
          >
            {icons.close}
          </button>
        </div>
      ))}
    </>
  )
}

export function ExceptionSettingsView() {
  const { debug } = useServices()
  const support = useStore(debug.store, (s) => s.exceptionSupport)
  if (support.filters.length === 0 && !support.exceptionOptions) return null
  return (
    <div className="exception-settings" data-testid="exception-settings" role="group" aria-label="Exception breakpoints">
      {support.filters.map((f) => (
        <FilterRow key={f.filter} filter={f} />
      ))}
      {support.exceptionOptions && <RuleEditor />}
      <IgnoredLocations />
    </div>
  )
}
