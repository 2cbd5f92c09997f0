// The asyncio tasks of the shown stopped thread's event loop (Bugscope's tracer, `bugscope/tasks`): each task's
// name and state, its await chain outermost first (function, file:line per level) and what its innermost level
// waits for. A level is a frame of the current stop: clicking it shows its source and its variables, as a call
// stack frame does. The section folds; it is absent when the thread runs no event loop.
import { useState } from 'react'
import { useServices, useStore } from '../workbench/services'

const baseName = (path?: string) => path?.split(/[\\/]/).pop() ?? ''

export function TasksView() {
  const { debug } = useServices()
  const tasks = useStore(debug.store, (s) => s.session?.tasks)
  const selectedFrameId = useStore(debug.store, (s) => s.session?.selectedFrameId)
  const [open, setOpen] = useState(true)
  if (!tasks || tasks.tasks.length === 0) return null
  return (
    <div className="tasks" data-testid="tasks" role="group" aria-label="asyncio tasks">
      <button className="row row-button tasks-toggle" data-testid="tasks-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="twisty">{open ? '▾' : '▸'}</span>
        Tasks <span className="muted">({tasks.tasks.length})</span>
      </button>
      {open &&
        tasks.tasks.map((task, t) => (
          <div key={`${t}:${task.name}`} className="task" data-testid="task" data-name={task.name} data-state={task.state}>
            <div className="row task-head" title={`${task.name}: ${task.coroutine} (${task.state})`}>
              <span className="task-name">{task.name}</span>
              <span className="muted">{task.coroutine}</span>
              <span className={task.state === 'running' ? 'badge paused' : 'badge'} data-testid="task-state">
                {task.state}
              </span>
            </div>
            {task.awaitChain.map((level, i) => (
              <button
                key={level.id}
                className={`row row-button frame task-level ${level.id === selectedFrameId ? 'selected' : ''} ${level.presentationHint === 'subtle' ? 'subtle' : ''}`}
                style={{ paddingLeft: 20 + i * 8 }}
                data-testid="task-level"
                data-name={level.name}
                data-frame-id={level.id}
                title={`${level.source?.path ?? level.source?.name ?? ''}:${level.line}`}
                onClick={() => void debug.selectFrame(level.id)}
              >
                <span className="frame-name">
                  {i > 0 && <span className="muted">awaits </span>}
                  {level.name}
                </span>
                <span className="frame-loc">
                  {baseName(level.source?.path ?? level.source?.name)}:{level.line}
                </span>
              </button>
            ))}
            {task.awaiting && (
              <div className="row task-awaiting muted" style={{ paddingLeft: 20 + task.awaitChain.length * 8 }} data-testid="task-awaiting">
                waits for {task.awaiting}
              </div>
            )}
          </div>
        ))}
    </div>
  )
}
