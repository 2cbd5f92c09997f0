// The keyboard for clickable rows (explorer items, stack frames, editor tabs): Enter or Space does what a click
// does, and the arrow keys move the focus to the neighbouring row of the same list.
import type { KeyboardEvent } from 'react'

/**
 * A keydown handler for a row. `selector` names the rows of its list (they must be focusable); `axis` says which
 * arrows move: Up/Down for a list, Left/Right for tabs.
 */
export function rowKeyDown(activate: () => void, selector: string, axis: 'vertical' | 'horizontal' = 'vertical') {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.altKey || e.metaKey) return
    const [back, forward] = axis === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight']
    if (e.key === 'Enter' || e.key === ' ') {
      activate()
    } else if (e.key === back || e.key === forward) {
      const list = e.currentTarget.parentElement?.closest('.panel-body, [role="tablist"]') ?? e.currentTarget.parentElement
      const rows = [...(list?.querySelectorAll<HTMLElement>(selector) ?? [])]
      rows[rows.indexOf(e.currentTarget) + (e.key === forward ? 1 : -1)]?.focus()
    } else {
      return
    }
    e.preventDefault()
  }
}
