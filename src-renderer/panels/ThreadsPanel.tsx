// Threads of the debuggee, each with its state ("running", "paused: breakpoint"); the selected one's stack is in
// the call stack. Clicking a thread (or Enter on it; the arrow keys move between threads) selects it, stopped or
// running; each thread can be continued alone or paused. Below them, the asyncio tasks of the shown stopped
// thread. The title holds the default suspend policy (every thread stops, or only the one that hit a breakpoint).
import type { KeyboardEvent, ReactNode } from 'react'
import type { SuspendPolicy, ThreadWithState } from '../../src-preload/contract'
import { isThreadStopped, type SessionState } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'
import { icons } from './icons'
import { TasksView } from './TasksView'
import { displayText } from './displayText'
import { PanelTitle } from './PanelTitle'

export interface ThreadsPanelProps {
  /** The process tree of a multi-process session, shown above the threads of the selected process. */
  readonly processList?: ReactNode
}

export function ThreadsPanel({ processList }: ThreadsPanelProps) {
  const { debug, workbench } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const policy = useStore(workbench.store, (s) => s.settings.suspendPolicy ?? 'all')
  return (
    <section className="panel" data-testid="threads">
      <PanelTitle>
        Threads
        {session && (
          <button className="panel-title-button" data-testid="open-modules" title="Modules the program has loaded" onClick={() => workbench.setModulesOpen(true)}>
            modules
          </button>
        )}
        <label className="panel-title-toggle" title="What a breakpoint stops by default: every thread, or only the thread that hits it (from the next start)">
          suspend{' '}
          <select
            className="panel-title-select"
            data-testid="suspend-policy"
            aria-label="Threads a breakpoint suspends by default"
            value={policy}
            onChange={(e) => void workbench.setSuspendPolicy(e.target.value as SuspendPolicy)}
          >
            <option value="all">all threads</option>
            <option value="thread">its thread</option>
          </select>
        </label>
      </PanelTitle>
      <div className="panel-body">
        {processList}
        {!session && <div className="tree-note">Not debugging.</div>}
        {session && <ThreadList session={session} />}
        {session && <TasksView />}
      </div>
    </section>
  )
}

/** "running", or "paused: <why>" from the thread's own reason (the session's stop reason for its stopped thread). */
export function threadStateText(thread: ThreadWithState, session: SessionState): string {
  if (!isThreadStopped(thread, session)) return 'running'
  const reason = thread.reason ?? (thread.id === session.stoppedThreadId ? session.stopReason : undefined)
  const why = reason?.replace(/^paused\b( on)?\s*/i, '')
  return why ? `paused: ${why}` : 'paused'
}

function ThreadList({ session }: { session: SessionState }) {
  const { debug } = useServices()
  const single = !!session.capabilities.supportsSingleThreadExecutionRequests
  // Up/Down move to the neighbouring thread and select it, like a list box.
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    const next = session.threads[index + (e.key === 'ArrowDown' ? 1 : -1)]
    if (!next) return
    const buttons = e.currentTarget.closest('[role="list"]')?.querySelectorAll<HTMLButtonElement>('button.thread-select')
    buttons?.[index + (e.key === 'ArrowDown' ? 1 : -1)]?.focus()
    void debug.selectThread(next.id)
  }
  return (
    <div role="list" aria-label="Threads">
      {session.threads.map((t, index) => {
        const stopped = isThreadStopped(t, session)
        const selected = t.id === session.selectedThreadId
        const state = threadStateText(t, session)
        return (
          <div
            key={t.id}
            role="listitem"
            className={`row thread ${selected ? 'selected' : ''}`}
            data-testid="thread"
            data-thread-id={t.id}
            data-name={t.name}
            data-stopped={stopped}
            data-state={stopped ? 'stopped' : 'running'}
            data-selected={selected}
            onClick={() => void debug.selectThread(t.id)}
          >
            <button
              className="thread-select"
              data-testid="thread-select"
              aria-current={selected ? 'true' : undefined}
              title={`Show the stack of ${t.name} (${state})`}
              onKeyDown={(e) => onKeyDown(e, index)}
              onClick={(e) => {
                e.stopPropagation()
                void debug.selectThread(t.id)
              }}
            >
              <span className="thread-name">{displayText(t.name)}</span>
              <span className={stopped ? 'badge paused' : 'badge'} data-testid="thread-state">
                {state}
              </span>
            </button>
            <span className="thread-actions">
              {stopped && single && (
                <button
                  className="icon-button"
                  data-testid="thread-continue"
                  title={`Continue ${t.name} only (the other threads stay as they are)`}
                  aria-label={`Continue ${t.name} only`}
                  onClick={(e) => {
                    e.stopPropagation()
                    void debug.continueThread(t.id)
                  }}
                >
                  {icons.continue}
                </button>
              )}
              {!stopped && (
                <button
                  className="icon-button"
                  data-testid="thread-pause"
                  title={`Pause ${t.name}`}
                  aria-label={`Pause ${t.name}`}
                  onClick={(e) => {
                    e.stopPropagation()
                    void debug.pauseThread(t.id)
                  }}
                >
                  {icons.pause}
                </button>
              )}
            </span>
          </div>
        )
      })}
    </div>
  )
}
