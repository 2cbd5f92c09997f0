// A drag handle on a panel edge that resizes it (pointer capture, clamped to a range).
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
}

export function Sash({ axis, direction, size, min, max, onResize, className, testId }: SashProps) {
  const start = useRef<{ pointer: number; size: number } | null>(null)
  return (
    <div
      className={`sash sash-${axis} ${className}`}
      data-testid={testId}
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
