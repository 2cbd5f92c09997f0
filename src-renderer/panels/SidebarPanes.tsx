// The right side bar's stacked panels (Variables, Watch, Call Stack, Threads, Breakpoints): a sash between two
// panels gives one more room at the other's expense, and a panel collapses to its title (PanelTitle). Sizes are
// weights in the panel layout (workbench/panelLayout.ts), remembered with the rest of it; the pixel heights
// measured here only turn a drag into new weights.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { paneSashRange, resizePanes, sashPanes, SIDEBAR_PANES, toggleCollapsed, type SidebarLayout, type SidebarPane } from '../workbench/panelLayout'
import { PaneContext } from './PanelTitle'
import { Sash } from './Sash'
import '../sidebar.css'

const PANE_LABELS: Record<SidebarPane, string> = {
  variables: 'Variables',
  watch: 'Watch',
  callstack: 'Call Stack',
  threads: 'Threads',
  breakpoints: 'Breakpoints',
}

/** A pane's height and the least it may have (its title bar and border), px. */
interface PaneSize {
  height: number
  minimum: number
}

/** Before the first measurement (and in a test page without layout): a title bar's usual height. */
const FALLBACK: PaneSize = { height: 0, minimum: 26 }

function measure(element: HTMLElement): PaneSize {
  const title = element.querySelector<HTMLElement>('.panel-title')
  const border = element.offsetHeight - element.clientHeight
  // Fractional, as the layout has it: a rounded minimum a little above the title's real height would hold the
  // panel above the height its weight gives it, and the other panels would give way instead.
  return { height: element.getBoundingClientRect().height, minimum: (title?.getBoundingClientRect().height ?? FALLBACK.minimum) + border }
}

/**
 * The two panels' heights as their weights share the room they have together. From the weights, not from the
 * last measurement: a second key press on a sash comes before the measurement of the first one's effect.
 */
function pairHeights(sidebar: SidebarLayout, pair: { upper: SidebarPane; lower: SidebarPane }, total: number): { upper: number; lower: number } {
  const upper = sidebar.weights[pair.upper]
  const share = upper / (upper + sidebar.weights[pair.lower])
  return { upper: total * share, lower: total * (1 - share) }
}

export function SidebarPanes({ panes, sidebar, onChange }: { panes: Record<SidebarPane, ReactNode>; sidebar: SidebarLayout; onChange: (sidebar: SidebarLayout) => void }) {
  const elements = useRef<Partial<Record<SidebarPane, HTMLDivElement | null>>>({})
  const [sizes, setSizes] = useState<Partial<Record<SidebarPane, PaneSize>>>({})

  useLayoutEffect(() => {
    const update = () =>
      setSizes((current) => {
        let changed = false
        const next = { ...current }
        for (const pane of SIDEBAR_PANES) {
          const element = elements.current[pane]
          if (!element) continue
          const size = measure(element)
          if (current[pane]?.height !== size.height || current[pane]?.minimum !== size.minimum) {
            next[pane] = size
            changed = true
          }
        }
        return changed ? next : current
      })
    update()
    const observer = new ResizeObserver(update)
    for (const pane of SIDEBAR_PANES) {
      const element = elements.current[pane]
      if (element) observer.observe(element)
    }
    return () => observer.disconnect()
  }, [])

  const size = (pane: SidebarPane) => sizes[pane] ?? FALLBACK
  return (
    <>
      {SIDEBAR_PANES.map((pane, index) => {
        const collapsed = sidebar.collapsed[pane]
        // The sash on this panel's top edge, between the nearest expanded panels above and below it.
        const pair = index > 0 ? sashPanes(sidebar, index - 1) : null
        const heights = pair && pairHeights(sidebar, pair, size(pair.upper).height + size(pair.lower).height)
        const minimums = pair && { upper: size(pair.upper).minimum, lower: size(pair.lower).minimum }
        return (
          <div
            key={pane}
            ref={(element) => void (elements.current[pane] = element)}
            className={`pane ${collapsed ? 'collapsed' : ''}`}
            data-pane={pane}
            data-collapsed={collapsed}
            style={collapsed ? undefined : { flex: `${sidebar.weights[pane]} 1 0px`, minHeight: size(pane).minimum }}
          >
            {pair && heights && minimums && (
              <Sash
                axis="y"
                direction={1}
                size={heights.upper}
                {...paneSashRange(heights, minimums)}
                onResize={(height) => onChange(resizePanes(sidebar, pair, heights, minimums, height))}
                className="sash-top-edge"
                testId={`sash-pane-${pane}`}
                label={`Resize ${PANE_LABELS[pair.upper]} against ${PANE_LABELS[pair.lower]}`}
              />
            )}
            <PaneContext.Provider value={{ collapsed, toggle: () => onChange(toggleCollapsed(sidebar, pane)), label: PANE_LABELS[pane] }}>
              {panes[pane]}
            </PaneContext.Provider>
          </div>
        )
      })}
    </>
  )
}
