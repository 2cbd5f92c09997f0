// A drag handle on a panel edge that resizes it (pointer capture, clamped to a range). It takes the focus too:
// the arrow keys along its axis move it (Shift for bigger steps), Home and End take it to its limits.
import { useRef } from 'react'

interface SashProps {
  /** Which way the sash moves: 'x' resizes a width, 'y' a height. */
  axis: 'x' | 'y'
  /** +1 when dragging right/down grows the panel, -1 when it shrinks it. */
  direction: 1 | -1
  size: number
  min: number
  max: number
  onResize: (size: number) => void
  className: string
  testId: string
  /** What it resizes, for screen readers ("Resize the explorer"). */
  label: string
}

const KEY_STEP = 10
const KEY_BIG_STEP = 50

export function Sash({ axis, direction, size, min, max, onResize, className, testId, label }: SashProps) {
  const start = useRef<{ pointer: number; size: number } | null>(null)
  return (
    <div
      className={`sash sash-${axis} ${className}`}
      data-testid={testId}
      role="separator"
      tabIndex={0}
      aria-label={label}
      // A vertical separator sits between side-by-side panels (the one that moves along x).
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-valuenow={Math.round(size)}
      aria-valuemin={min}
      aria-valuemax={max}
      onKeyDown={(e) => {
        const [back, forward] = axis === 'x' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown']
        const step = e.shiftKey ? KEY_BIG_STEP : KEY_STEP
        let next: number
        if (e.key === forward) next = size + direction * step
        else if (e.key === back) next = size - direction * step
        else if (e.key === 'Home') next = min
        else if (e.key === 'End') next = max
        else return
        e.preventDefault()
        onResize(Math.min(max, Math.max(min, next)))
      }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        start.current = { pointer: axis === 'x' ? e.clientX : e.clientY, size }
      }}
      onPointerMove={(e) => {
        if (!start.current) return
        const delta = (axis === 'x' ? e.clientX : e.clientY) - start.current.pointer
        onResize(Math.min(max, Math.max(min, start.current.size + direction * delta)))
      }}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
    />
  )
}
