// The sizes of the workbench's panels: the side bars' widths, the bottom panel's height and the split between
// the terminal and the debug console. The user's sizes are kept as they set them (in localStorage, so a reload
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
}

export interface Viewport {
  width: number
  height: number
}

export const defaultLayout: PanelLayout = { left: 230, right: 340, bottom: 250, split: 0.5 }

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
  return { left, right, bottom, split }
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
    for (const key of Object.keys(defaultLayout) as (keyof PanelLayout)[]) {
      const value = (saved as Record<string, unknown>)[key]
      if (typeof value === 'number' && Number.isFinite(value)) layout[key] = value
    }
  }
  return layout
}

export function saveLayout(storage: Pick<Storage, 'setItem'> | undefined, layout: PanelLayout): void {
  try {
    storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout))
  } catch {
    // Storage full or refused (private window): the layout lasts until the reload.
  }
}
