import { describe, expect, it } from 'vitest'
import { LAYOUT_STORAGE_KEY, clampLayout, defaultLayout, loadLayout, saveLayout, sashLimits } from './panelLayout'

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
    expect(clampLayout({ left: 10, right: 5000, bottom: 5, split: 0.5 }, { width: 3000, height: 2000 })).toMatchObject({
      left: 140,
      right: 800,
      bottom: 80,
    })
  })

  it('shrinks the right side bar, then the left, so the editor keeps 300 px in a narrow window', () => {
    const fitted = clampLayout({ left: 500, right: 700, bottom: 250, split: 0.5 }, { width: 1000, height: 800 })
    expect(fitted).toMatchObject({ left: 500, right: 200 })
    const narrower = clampLayout({ left: 500, right: 700, bottom: 250, split: 0.5 }, { width: 700, height: 800 })
    expect(narrower).toMatchObject({ left: 200, right: 200 })
  })

  it('keeps the editor 150 px high and both bottom panels 120 px wide', () => {
    const fitted = clampLayout({ left: 200, right: 200, bottom: 900, split: 0.99 }, { width: 1000, height: 600 })
    expect(fitted.bottom).toBe(600 - 80 - 150)
    expect(fitted.split).toBeCloseTo(1 - 120 / 600)
  })
})

describe('sashLimits', () => {
  it('lets each sash go only as far as the other panels allow', () => {
    const limits = sashLimits({ left: 200, right: 300, bottom: 250, split: 0.5 }, { width: 1000, height: 700 })
    expect(limits.left).toEqual({ min: 140, max: 400 })
    expect(limits.right).toEqual({ min: 200, max: 500 })
    expect(limits.bottom).toEqual({ min: 80, max: 470 })
    expect(limits.split).toEqual({ min: 120, max: 380 })
  })
})

describe('loadLayout and saveLayout', () => {
  it('gives back the saved sizes', () => {
    const storage = memoryStorage()
    saveLayout(storage, { left: 300, right: 400, bottom: 200, split: 0.3 })
    expect(loadLayout(storage)).toEqual({ left: 300, right: 400, bottom: 200, split: 0.3 })
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

  it('survives storage that refuses writes', () => {
    const refusing = { setItem: () => { throw new Error('QuotaExceededError') } }
    expect(() => saveLayout(refusing, defaultLayout)).not.toThrow()
  })
})
