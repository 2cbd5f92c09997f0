import { describe, expect, it } from 'vitest'
import { TerminalKeyRouter } from './terminalKeys'

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean } = {}, type = 'keydown') => ({
  type,
  key: k,
  ctrlKey: !!mods.ctrl,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
  metaKey: !!mods.meta,
})
const reading = { takesInput: true, hasSelection: false, typing: true }
const idle = { takesInput: false, hasSelection: false, typing: false }

describe('keys in a focused terminal', () => {
  it('gives a program reading the terminal its keys: letters, Enter, Tab, arrows, Ctrl+C, Ctrl+D', () => {
    const router = new TerminalKeyRouter()
    for (const k of [key('a'), key('Enter'), key('Tab'), key('ArrowUp'), key('c', { ctrl: true }), key('d', { ctrl: true }), key('r', { ctrl: true })]) {
      expect(router.route(k, reading), k.key).toBe(true)
    }
  })

  it('leaves the workbench its shortcuts, even while a program reads the terminal', () => {
    const router = new TerminalKeyRouter()
    for (const k of [key('F5'), key('F10'), key('F11', { shift: true }), key('F5', { ctrl: true, shift: true }), key('p', { ctrl: true }), key('s', { ctrl: true })]) {
      expect(router.route(k, reading), k.key).toBe(false)
    }
  })

  it('leaves both strokes of a chord to the workbench (Ctrl+K Ctrl+S)', () => {
    const router = new TerminalKeyRouter()
    expect(router.route(key('k', { ctrl: true }), reading)).toBe(false)
    expect(router.route(key('s', { ctrl: true }), reading)).toBe(false)
    expect(router.route(key('s', { ctrl: true }), reading)).toBe(false) // Ctrl+S alone is the save shortcut too
    expect(router.route(key('k', { ctrl: true }), reading)).toBe(false)
    expect(router.route(key('x'), reading)).toBe(false) // the second stroke, whatever it is
    expect(router.route(key('x'), reading)).toBe(true)
  })

  it('copies the selection with Ctrl+C instead of interrupting, and leaves paste to the browser', () => {
    const router = new TerminalKeyRouter()
    expect(router.route(key('c', { ctrl: true }), { ...reading, hasSelection: true })).toBe(false)
    expect(router.route(key('v', { ctrl: true }), reading)).toBe(false)
    expect(router.route(key('C', { ctrl: true, shift: true }), reading)).toBe(false)
  })

  it('lets Tab move the focus on through a terminal only tabbed into, until the user types or clicks in it', () => {
    const router = new TerminalKeyRouter()
    expect(router.route(key('Tab'), { ...reading, typing: false })).toBe(false)
    expect(router.route(key('Tab', { shift: true }), { ...reading, typing: false })).toBe(false)
    expect(router.route(key('Tab'), reading)).toBe(true)
  })

  it('takes no keys when nothing reads the terminal, so Tab moves the focus on; Shift+PageUp still scrolls', () => {
    const router = new TerminalKeyRouter()
    expect(router.route(key('Tab'), idle)).toBe(false)
    expect(router.route(key('a'), idle)).toBe(false)
    expect(router.route(key('a', {}, 'keypress'), idle)).toBe(false)
    expect(router.route(key('PageUp', { shift: true }), idle)).toBe(true)
  })
})
