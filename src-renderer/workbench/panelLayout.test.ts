import { describe, expect, it } from 'vitest'
import {
  LAYOUT_STORAGE_KEY,
  clampLayout,
  defaultLayout,
  defaultSidebar,
  loadLayout,
  paneSashRange,
  resizePanes,
  saveLayout,
  sashLimits,
  sashPanes,
  toggleCollapsed,
} from './panelLayout'

const memoryStorage = () => {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  }
}

describe('clampLayout', () => {
  it('leaves a layout that fits the window as it is', () => {
    expect(clampLayout(defaultLayout, { width: 1400, height: 900 })).toEqual(defaultLayout)
  })

  it('keeps each size within its limits', () => {
    expect(clampLayout({ ...defaultLayout, left: 10, right: 5000, bottom: 5, split: 0.5 }, { width: 3000, height: 2000 })).toMatchObject({
      left: 140,
      right: 800,
      bottom: 80,
    })
  })

  it('shrinks the right side bar, then the left, so the editor keeps 300 px in a narrow window', () => {
    const fitted = clampLayout({ ...defaultLayout, left: 500, right: 700, bottom: 250, split: 0.5 }, { width: 1000, height: 800 })
    expect(fitted).toMatchObject({ left: 500, right: 200 })
    const narrower = clampLayout({ ...defaultLayout, left: 500, right: 700, bottom: 250, split: 0.5 }, { width: 700, height: 800 })
    expect(narrower).toMatchObject({ left: 200, right: 200 })
  })

  it('keeps the editor 150 px high and both bottom panels 120 px wide', () => {
    const fitted = clampLayout({ ...defaultLayout, left: 200, right: 200, bottom: 900, split: 0.99 }, { width: 1000, height: 600 })
    expect(fitted.bottom).toBe(600 - 80 - 150)
    expect(fitted.split).toBeCloseTo(1 - 120 / 600)
  })
})

describe('sashLimits', () => {
  it('lets each sash go only as far as the other panels allow', () => {
    const limits = sashLimits({ ...defaultLayout, left: 200, right: 300, bottom: 250, split: 0.5 }, { width: 1000, height: 700 })
    expect(limits.left).toEqual({ min: 140, max: 400 })
    expect(limits.right).toEqual({ min: 200, max: 500 })
    expect(limits.bottom).toEqual({ min: 80, max: 470 })
    expect(limits.split).toEqual({ min: 120, max: 380 })
  })
})

describe('loadLayout and saveLayout', () => {
  it('gives back the saved sizes', () => {
    const storage = memoryStorage()
    const sidebar = { weights: { ...defaultSidebar.weights, watch: 4 }, collapsed: { ...defaultSidebar.collapsed, threads: true } }
    saveLayout(storage, { left: 300, right: 400, bottom: 200, split: 0.3, sidebar })
    expect(loadLayout(storage)).toEqual({ left: 300, right: 400, bottom: 200, split: 0.3, sidebar })
  })

  it('falls back to the default for anything missing or unreadable', () => {
    const storage = memoryStorage()
    expect(loadLayout(storage)).toEqual(defaultLayout)
    storage.items.set(LAYOUT_STORAGE_KEY, '{not json')
    expect(loadLayout(storage)).toEqual(defaultLayout)
    storage.items.set(LAYOUT_STORAGE_KEY, JSON.stringify({ left: 'wide', bottom: 320, split: null }))
    expect(loadLayout(storage)).toEqual({ ...defaultLayout, bottom: 320 })
    expect(loadLayout(undefined)).toEqual(defaultLayout)
  })

  it('loads a layout saved before the side bar panels could be resized, with the default side bar', () => {
    const storage = memoryStorage()
    storage.items.set(LAYOUT_STORAGE_KEY, JSON.stringify({ left: 300, right: 400, bottom: 200, split: 0.3 }))
    expect(loadLayout(storage)).toEqual({ left: 300, right: 400, bottom: 200, split: 0.3, sidebar: defaultSidebar })
  })

  it('takes the default for each side bar panel whose stored weight or state is unusable', () => {
    const storage = memoryStorage()
    const stored = { weights: { variables: 5, watch: -1, callstack: 'big', threads: 0 }, collapsed: { watch: true, threads: 'yes' } }
    storage.items.set(LAYOUT_STORAGE_KEY, JSON.stringify({ sidebar: stored }))
    expect(loadLayout(storage).sidebar).toEqual({
      weights: { ...defaultSidebar.weights, variables: 5 },
      collapsed: { ...defaultSidebar.collapsed, watch: true },
    })
    storage.items.set(LAYOUT_STORAGE_KEY, JSON.stringify({ sidebar: 'tall' }))
    expect(loadLayout(storage).sidebar).toEqual(defaultSidebar)
  })

  it('survives storage that refuses writes', () => {
    const refusing = { setItem: () => { throw new Error('QuotaExceededError') } }
    expect(() => saveLayout(refusing, defaultLayout)).not.toThrow()
  })
})

describe('the side bar panels', () => {
  const heights = { upper: 200, lower: 100 }
  const titles = { upper: 26, lower: 30 }

  it('share the two panels\' weight anew when their sash moves, so the other panels keep their size', () => {
    const before = defaultSidebar // variables 3, watch 1.5
    const after = resizePanes(before, { upper: 'variables', lower: 'watch' }, heights, titles, 250)
    expect(after.weights.variables + after.weights.watch).toBeCloseTo(4.5)
    expect(after.weights.variables / 4.5).toBeCloseTo(250 / 300)
    expect(after.weights.callstack).toBe(before.weights.callstack)
    expect(after.collapsed).toEqual(before.collapsed)
  })

  it('never make a panel smaller than its title bar', () => {
    const up = resizePanes(defaultSidebar, { upper: 'variables', lower: 'watch' }, heights, titles, 5)
    expect((up.weights.variables / 4.5) * 300).toBeCloseTo(26)
    const down = resizePanes(defaultSidebar, { upper: 'variables', lower: 'watch' }, heights, titles, 1000)
    expect((down.weights.watch / 4.5) * 300).toBeCloseTo(30)
    expect(paneSashRange(heights, titles)).toEqual({ min: 26, max: 270 })
    expect(paneSashRange({ upper: 20, lower: 20 }, titles)).toEqual({ min: 26, max: 26 })
  })

  it('collapse to their title and expand again with the weight they had', () => {
    const collapsed = toggleCollapsed(defaultSidebar, 'watch')
    expect(collapsed.collapsed.watch).toBe(true)
    expect(collapsed.weights).toEqual(defaultSidebar.weights)
    expect(toggleCollapsed(collapsed, 'watch')).toEqual(defaultSidebar)
  })

  it('have a sash between the nearest expanded panels, with collapsed ones between moving along', () => {
    expect(sashPanes(defaultSidebar, 0)).toEqual({ upper: 'variables', lower: 'watch' })
    const watchCollapsed = toggleCollapsed(defaultSidebar, 'watch')
    expect(sashPanes(watchCollapsed, 0)).toEqual({ upper: 'variables', lower: 'callstack' })
    expect(sashPanes(watchCollapsed, 1)).toEqual({ upper: 'variables', lower: 'callstack' })
    const onlyVariables = ['watch', 'callstack', 'threads', 'breakpoints'].reduce((s, p) => toggleCollapsed(s, p as 'watch'), defaultSidebar)
    expect(sashPanes(onlyVariables, 0)).toBeNull()
    expect(sashPanes(toggleCollapsed(defaultSidebar, 'breakpoints'), 3)).toBeNull()
  })
})
