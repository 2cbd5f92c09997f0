// "Step Into Target" (Ctrl+F11): the calls of the current line, in source order; choosing one steps into it
// while the line's other calls run on. Arrow keys move, Enter chooses, Escape closes.
import { useEffect, useRef, useState } from 'react'
import { useServices, useStore } from '../workbench/services'

export function StepTargetsMenu() {
  const { workbench, commands } = useServices()
  const targets = useStore(workbench.store, (s) => s.stepTargets)
  const [active, setActive] = useState(0)
  const list = useRef<HTMLDivElement>(null)
  useEffect(() => {
    setActive(0)
    list.current?.focus()
  }, [targets])
  if (!targets?.length) return null
  return (
    <div
      className="step-targets"
      data-testid="step-targets"
      role="listbox"
      aria-label="Step into which call"
      tabIndex={0}
      ref={list}
      onBlur={() => commands.chooseStepTarget(undefined)}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') commands.chooseStepTarget(undefined)
        else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, targets.length - 1))
        else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
        else if (e.key === 'Enter') commands.chooseStepTarget(targets[active].id)
        else return
        e.preventDefault()
      }}
    >
      <div className="step-targets-title">Step into</div>
      {targets.map((t, i) => (
        <div
          key={t.id}
          className={`row step-target ${i === active ? 'selected' : ''}`}
          role="option"
          aria-selected={i === active}
          data-testid="step-target"
          data-label={t.label}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => commands.chooseStepTarget(t.id)}
        >
          {t.label}
          {t.column !== undefined && <span className="muted"> col {t.column}</span>}
        </div>
      ))}
    </div>
  )
}
