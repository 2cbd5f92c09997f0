// A side bar panel's title bar. Inside a collapsible pane (SidebarPanes) it collapses and expands the panel: a
// click on the title (not on a button or checkbox in it), or Enter or Space while it has the focus, as VS Code's
// panel headers do. Elsewhere it is a plain title.
import { createContext, useContext, type ReactNode } from 'react'

export interface PaneControl {
  readonly collapsed: boolean
  readonly toggle: () => void
  /** The panel's name for screen readers ("Call Stack"); its title also holds buttons with their own names. */
  readonly label: string
}

export const PaneContext = createContext<PaneControl | null>(null)

const CONTROLS = 'button, input, select, textarea, label, a'

export function PanelTitle({ className = '', children }: { className?: string; children: ReactNode }) {
  const pane = useContext(PaneContext)
  if (!pane) return <div className={`panel-title ${className}`}>{children}</div>
  return (
    <div
      className={`panel-title collapsible ${className}`}
      data-testid="panel-title"
      role="button"
      tabIndex={0}
      aria-expanded={!pane.collapsed}
      aria-label={pane.label}
      title={pane.collapsed ? `Expand ${pane.label}` : `Collapse ${pane.label}`}
      onClick={(e) => {
        const target = e.target as HTMLElement
        if (target.closest(CONTROLS) && e.currentTarget.contains(target.closest(CONTROLS))) return
        pane.toggle()
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return
        e.preventDefault()
        pane.toggle()
      }}
    >
      <span className="pane-twisty" aria-hidden="true">
        {pane.collapsed ? '▸' : '▾'}
      </span>
      {children}
    </div>
  )
}
