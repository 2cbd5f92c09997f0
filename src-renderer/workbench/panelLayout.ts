// The sizes of the workbench's panels: the side bars' widths, the bottom panel's height, the split between
// the terminal and the debug console, and how the right side bar's stacked panels share its height. The user's sizes are kept as they set them (in localStorage, so a reload
// keeps them) and clamped to the window only when laid out, so a window made small and large again gets them back.

export interface PanelLayout {
  /** The explorer's width, px. */
  left: number
  /** The variables/watch/call stack side bar's width, px. */
  right: number
  /** The terminal and debug console's height, px. */
  bottom: number
  /** The terminal's share of the bottom panel's width, 0–1. */
  split: number
  /** The right side bar's panels: their shares of its height, and which are collapsed to their title. */
  sidebar: SidebarLayout
}

/** The right side bar's panels, top to bottom. */
export const SIDEBAR_PANES = ['variables', 'watch', 'callstack', 'threads', 'breakpoints'] as const
export type SidebarPane = (typeof SIDEBAR_PANES)[number]

export interface SidebarLayout {
  /**
   * Each panel's weight: the expanded panels share the height left by the collapsed ones in proportion to it
   * (weights, not pixels, so the proportions hold in a window of any height).
   */
  weights: Record<SidebarPane, number>
  /** Collapsed panels show their title bar only. */
  collapsed: Record<SidebarPane, boolean>
}

export const defaultSidebar: SidebarLayout = {
  weights: { variables: 3, watch: 1.5, callstack: 2, threads: 1, breakpoints: 2.5 },
  collapsed: { variables: false, watch: false, callstack: false, threads: false, breakpoints: false },
}

export interface Viewport {
  width: number
  height: number
}

export const defaultLayout: PanelLayout = { left: 230, right: 340, bottom: 250, split: 0.5, sidebar: defaultSidebar }

/** The smallest each part may get; the editor column and row keep these sizes too (styles.css agrees). */
export const layoutLimits = {
  left: { min: 140, max: 600 },
  right: { min: 200, max: 800 },
  bottom: { min: 80 },
  editorWidth: 300,
  editorHeight: 150,
  /** Toolbar, status bar and banners: what the window's height holds besides the editor and bottom panel. */
  chromeHeight: 80,
  /** The narrowest the terminal or the debug console gets, px. */
  bottomPart: 120,
} as const

export const LAYOUT_STORAGE_KEY = 'bugscope.layout'

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max))

/** The layout as it fits `viewport`: each size within its limits and the editor keeping its minimum. */
export function clampLayout(layout: PanelLayout, viewport: Viewport): PanelLayout {
  const { left: l, right: r } = layoutLimits
  let left = clamp(layout.left, l.min, l.max)
  let right = clamp(layout.right, r.min, r.max)
  // Too narrow for both side bars at their sizes: the right one gives way first, then the left.
  right = clamp(right, r.min, viewport.width - layoutLimits.editorWidth - left)
  left = clamp(left, l.min, viewport.width - layoutLimits.editorWidth - right)
  const bottom = clamp(layout.bottom, layoutLimits.bottom.min, viewport.height - layoutLimits.chromeHeight - layoutLimits.editorHeight)
  const center = Math.max(1, viewport.width - left - right)
  const minShare = Math.min(0.5, layoutLimits.bottomPart / center)
  const split = clamp(layout.split, minShare, 1 - minShare)
  return { left, right, bottom, split, sidebar: layout.sidebar }
}

interface SashRange {
  min: number
  max: number
}

/** How far each sash may go for `layout` (already clamped) in `viewport`; the split's range is in px. */
export function sashLimits(layout: PanelLayout, viewport: Viewport): Record<'left' | 'right' | 'bottom' | 'split', SashRange> {
  const { left: l, right: r } = layoutLimits
  const range = (min: number, max: number): SashRange => ({ min, max: Math.max(min, max) })
  const center = viewport.width - layout.left - layout.right
  return {
    left: range(l.min, Math.min(l.max, viewport.width - layoutLimits.editorWidth - layout.right)),
    right: range(r.min, Math.min(r.max, viewport.width - layoutLimits.editorWidth - layout.left)),
    bottom: range(layoutLimits.bottom.min, viewport.height - layoutLimits.chromeHeight - layoutLimits.editorHeight),
    split: range(Math.min(layoutLimits.bottomPart, center / 2), center - Math.min(layoutLimits.bottomPart, center / 2)),
  }
}

/** The saved layout, or the default for what is missing or unreadable. */
export function loadLayout(storage: Pick<Storage, 'getItem'> | undefined): PanelLayout {
  let saved: unknown
  try {
    saved = JSON.parse(storage?.getItem(LAYOUT_STORAGE_KEY) ?? 'null')
  } catch {
    saved = null
  }
  const layout = { ...defaultLayout }
  if (saved && typeof saved === 'object') {
    for (const key of ['left', 'right', 'bottom', 'split'] as const) {
      const value = (saved as Record<string, unknown>)[key]
      if (typeof value === 'number' && Number.isFinite(value)) layout[key] = value
    }
    // A layout saved before the side bar's panels could be resized has no `sidebar`: it gets the default.
    layout.sidebar = readSidebar((saved as Record<string, unknown>).sidebar)
  }
  return layout
}

/** A stored side bar layout, with the default for each panel whose weight or state is missing or unreadable. */
function readSidebar(saved: unknown): SidebarLayout {
  const part = (name: 'weights' | 'collapsed') => {
    const value = saved && typeof saved === 'object' ? (saved as Record<string, unknown>)[name] : undefined
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  }
  const weights = part('weights')
  const collapsed = part('collapsed')
  const sidebar: SidebarLayout = { weights: { ...defaultSidebar.weights }, collapsed: { ...defaultSidebar.collapsed } }
  for (const pane of SIDEBAR_PANES) {
    const weight = weights[pane]
    if (typeof weight === 'number' && Number.isFinite(weight) && weight > 0) sidebar.weights[pane] = weight
    if (typeof collapsed[pane] === 'boolean') sidebar.collapsed[pane] = collapsed[pane]
  }
  return sidebar
}

/** Collapses an expanded panel to its title bar, or expands a collapsed one (with the weight it had). */
export function toggleCollapsed(sidebar: SidebarLayout, pane: SidebarPane): SidebarLayout {
  return { ...sidebar, collapsed: { ...sidebar.collapsed, [pane]: !sidebar.collapsed[pane] } }
}

/**
 * The panels a sash below panel `index` resizes: the nearest expanded panel at or above it and the nearest
 * expanded one below (collapsed panels between move along). Null when either side has none: no sash there.
 */
export function sashPanes(sidebar: SidebarLayout, index: number): { upper: SidebarPane; lower: SidebarPane } | null {
  const expanded = (pane: SidebarPane) => !sidebar.collapsed[pane]
  const upper = SIDEBAR_PANES.slice(0, index + 1).reverse().find(expanded)
  const lower = SIDEBAR_PANES.slice(index + 1).find(expanded)
  return upper && lower ? { upper, lower } : null
}

/** Where a side bar sash may go: the upper panel's height, keeping both panels at least their title bars. */
export function paneSashRange(heights: { upper: number; lower: number }, minimums: { upper: number; lower: number }): { min: number; max: number } {
  const min = minimums.upper
  return { min, max: Math.max(min, heights.upper + heights.lower - minimums.lower) }
}

/**
 * A sash between `upper` and `lower` was dragged so that `upper` is `upperHeight` px high (their heights now are
 * `heights`): the two panels' weights are shared anew, in the same sum, so that the others keep their size.
 * The height is clamped to `paneSashRange`, so neither panel gets smaller than its title bar.
 */
export function resizePanes(
  sidebar: SidebarLayout,
  panes: { upper: SidebarPane; lower: SidebarPane },
  heights: { upper: number; lower: number },
  minimums: { upper: number; lower: number },
  upperHeight: number,
): SidebarLayout {
  const total = heights.upper + heights.lower
  if (!(total > 0)) return sidebar
  const range = paneSashRange(heights, minimums)
  const height = clamp(upperHeight, range.min, range.max)
  const weight = sidebar.weights[panes.upper] + sidebar.weights[panes.lower]
  const upper = (weight * height) / total
  // Neither weight may reach 0: a panel of weight 0 would never get room back when the side bar grows.
  const floor = weight * 1e-3
  const upperWeight = clamp(upper, floor, weight - floor)
  return { ...sidebar, weights: { ...sidebar.weights, [panes.upper]: upperWeight, [panes.lower]: weight - upperWeight } }
}

export function saveLayout(storage: Pick<Storage, 'setItem'> | undefined, layout: PanelLayout): void {
  try {
    storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout))
  } catch {
    // Storage full or refused (private window): the layout lasts until the reload.
  }
}
