// What the workbench shows while it waits for the debugger (a `variables`, `evaluate` or `stackTrace` answer): at
// first nothing, so a fast answer never flashes a placeholder, and after PENDING_DELAY_MS a "Loading…" row with a
// spinner where the rows will appear (a big value, a slow __repr__ on the debuggee's side).
import { useEffect, useState, type CSSProperties } from 'react'
import '../progress.css'

/** How long a wait goes unannounced: a local tracer answers most requests well within it. */
export const PENDING_DELAY_MS = 300

/** True once `active` has stayed true for `ms`; false again as soon as it turns false. */
export function useAfterDelay(active: boolean, ms = PENDING_DELAY_MS): boolean {
  const [elapsed, setElapsed] = useState(false)
  useEffect(() => {
    if (!active) return setElapsed(false)
    const timer = setTimeout(() => setElapsed(true), ms)
    return () => clearTimeout(timer)
  }, [active, ms])
  return active && elapsed
}

/** An indeterminate spinner (styles.css: a still ring under prefers-reduced-motion). */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />
}

/** A tree's "Loading…" row, shown only once the wait has lasted PENDING_DELAY_MS. */
export function PendingRow({ style, label = 'Loading…' }: { style?: CSSProperties; label?: string }) {
  const shown = useAfterDelay(true)
  if (!shown) return null
  return (
    <div className="tree-note pending" style={style} role="status" data-testid="loading-row">
      <Spinner />
      {label}
    </div>
  )
}

/** The same inside a row (a watch's value): "…" at first, the spinner and "Loading…" once the wait is long. */
export function PendingValue() {
  const shown = useAfterDelay(true)
  return shown ? (
    <span className="muted pending" role="status" data-testid="loading-value">
      <Spinner />
      Loading…
    </span>
  ) : (
    <span className="muted">…</span>
  )
}
