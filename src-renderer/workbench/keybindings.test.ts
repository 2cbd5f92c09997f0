import { describe, expect, it } from 'vitest'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { Commands, handleDebugKey } from './commands'
import {
  codeMirrorKey,
  editorKeymap,
  isWindowBinding,
  KEY_BINDINGS,
  KeyDispatcher,
  keysFor,
  strokeOf,
  type KeyCommand,
  type KeyEventLike,
} from './keybindings'
import { WorkbenchModel } from './workbenchModel'

/** The key events a browser sends for "Ctrl+K Ctrl+S": letters come lower case unless Shift is held. */
function eventsFor(keys: string): KeyEventLike[] {
  return keys.split(' ').map((stroke) => {
    const parts = stroke.split('+')
    const key = parts.pop()!
    const shiftKey = parts.includes('Shift')
    return {
      key: key.length === 1 && !shiftKey ? key.toLowerCase() : key,
      ctrlKey: parts.includes('Ctrl'),
      shiftKey,
      altKey: parts.includes('Alt'),
      metaKey: parts.includes('Meta'),
    }
  })
}

/** Commands that record what the keys ran. */
function recordingCommands() {
  const ran: KeyCommand[] = []
  const commands = new Proxy({} as Record<KeyCommand, () => unknown>, {
    get: (_target, name) => () => void ran.push(name as KeyCommand),
  })
  return { ran, commands }
}

const windowBindings = KEY_BINDINGS.filter(isWindowBinding)

describe('the key table', () => {
  it('every window binding dispatches the command it lists, and only that', () => {
    for (const binding of windowBindings) {
      const { ran, commands } = recordingCommands()
      const keys = new KeyDispatcher(commands)
      const used = eventsFor(binding.keys).map((e) => keys.handle(e))
      expect({ keys: binding.keys, used, ran }).toEqual({ keys: binding.keys, used: used.map(() => true), ran: [binding.command] })
    }
  })

  it("holds VS Code's debug keys with the commands they run there", () => {
    const expected: Record<string, KeyCommand> = {
      F5: 'startOrContinue',
      'Shift+F5': 'stop',
      'Ctrl+Shift+F5': 'restart',
      'Ctrl+F5': 'runStoppingOnCrash',
      F6: 'pause',
      F9: 'toggleBreakpointAtCursor',
      'Shift+F9': 'editBreakpointAtCursor',
      F10: 'stepOver',
      'Ctrl+F10': 'runToCursor',
      'Ctrl+Shift+F10': 'jumpToCursor',
      F11: 'stepIn',
      'Shift+F11': 'stepOut',
      'Ctrl+F11': 'stepIntoTarget',
      F1: 'showShortcuts',
      'Ctrl+S': 'save',
      'Ctrl+K Ctrl+S': 'showShortcuts',
      'Ctrl+,': 'openUserSettings',
    }
    const table = Object.fromEntries(windowBindings.map((b) => [b.keys, b.command]))
    for (const [keys, command] of Object.entries(expected)) expect({ keys, command: table[keys] }).toEqual({ keys, command })
  })

  it('names only methods of Commands, and every key combination once', () => {
    for (const b of windowBindings) expect(typeof (Commands.prototype as unknown as Record<string, unknown>)[b.command], b.command).toBe('function')
    const all = KEY_BINDINGS.map((b) => b.keys)
    expect(all.length).toBe(new Set(all).size)
  })

  it('writes keys the way the dispatcher reads them (modifiers Ctrl, Shift, Alt; letters upper case)', () => {
    for (const b of windowBindings) expect(eventsFor(b.keys).map(strokeOf).join(' ')).toBe(b.keys)
  })

  it('no single key shadows the start of a chord', () => {
    const firstStrokes = new Set(windowBindings.filter((b) => b.keys.includes(' ')).map((b) => b.keys.split(' ')[0]))
    for (const b of windowBindings) expect(firstStrokes.has(b.keys), b.keys).toBe(false)
  })

  it('leaves keys it does not bind to the page', () => {
    const { ran, commands } = recordingCommands()
    const keys = new KeyDispatcher(commands)
    for (const keysText of ['Shift+F10', 'Ctrl+F9', 'Alt+F5', 'Ctrl+Alt+F5', 'Meta+F5', 'A', 'Shift+F6', 'Ctrl+Shift+S', 'Escape']) {
      expect({ keysText, used: eventsFor(keysText).map((e) => keys.handle(e)) }).toEqual({ keysText, used: [false] })
    }
    expect(ran).toEqual([])
  })

  it('follows a chord across a lone modifier press; an unknown second key is swallowed and ends the chord', () => {
    const { ran, commands } = recordingCommands()
    const keys = new KeyDispatcher(commands)
    const [ctrlK, ctrlS] = eventsFor('Ctrl+K Ctrl+S')
    expect(keys.handle(ctrlK)).toBe(true)
    expect(keys.pending).toBe('Ctrl+K')
    expect(keys.handle({ key: 'Control', ctrlKey: true, shiftKey: false, altKey: false, metaKey: false })).toBe(false)
    expect(keys.handle(ctrlS)).toBe(true)
    expect(ran).toEqual(['showShortcuts'])

    expect(keys.handle(ctrlK)).toBe(true)
    expect(keys.handle(eventsFor('X')[0])).toBe(true)
    expect(keys.pending).toBeUndefined()
    expect(keys.handle(eventsFor('F5')[0])).toBe(true)
    expect(ran).toEqual(['showShortcuts', 'startOrContinue'])
  })

  it('gives the editor its keys from the same table, in CodeMirror notation', () => {
    const editorBindings = KEY_BINDINGS.filter((b) => !isWindowBinding(b))
    expect(editorBindings.length).toBeGreaterThan(0)
    const keymap = editorKeymap()
    expect(keymap.map((k) => k.key)).toEqual(editorBindings.map((b) => codeMirrorKey(b.keys)))
    expect(keymap.map((k) => k.run)).toEqual(editorBindings.map((b) => ('editor' in b ? b.editor : undefined)))
    expect(codeMirrorKey('Ctrl+Shift+L')).toBe('Ctrl-Shift-l')
    expect(codeMirrorKey('Shift+F3')).toBe('Shift-F3')
  })

  it('names the keys of a command for tooltips', () => {
    expect(keysFor('restart')).toBe('Ctrl+Shift+F5')
    expect(keysFor('showShortcuts')).toBe('F1, Ctrl+K Ctrl+S')
  })
})

describe('workbench keys on the real commands', () => {
  function setup() {
    const host = new FakeHost()
    const workbench = new WorkbenchModel(host)
    const debug = new DebugModel(host)
    return { host, workbench, debug, commands: new Commands(workbench, debug) }
  }
  const press = (commands: Commands, keys: string, dispatcher = new KeyDispatcher(commands)) =>
    eventsFor(keys).every((e) => dispatcher.handle(e))

  it('F1 and Ctrl+K Ctrl+S open the shortcut list', () => {
    const { workbench, commands } = setup()
    expect(handleDebugKey(commands, eventsFor('F1')[0])).toBe(true)
    expect(workbench.state.shortcutsOpen).toBe(true)
    workbench.setShortcutsOpen(false)
    expect(press(commands, 'Ctrl+K Ctrl+S')).toBe(true)
    expect(workbench.state.shortcutsOpen).toBe(true)
  })

  it('Ctrl+K Ctrl+T cycles the colour theme (system, dark, light) and keeps it in the settings', async () => {
    const { host, workbench, commands } = setup()
    const dispatcher = new KeyDispatcher(commands)
    const seen: unknown[] = []
    for (let i = 0; i < 3; i++) {
      press(commands, 'Ctrl+K Ctrl+T', dispatcher)
      await settle()
      seen.push(workbench.state.settings.theme)
    }
    expect(seen).toEqual(['dark', 'light', 'system'])
    expect(host.settings.theme).toBe('system')
  })

  it('Ctrl+Shift+F5 restarts a paused session with the same launch', async () => {
    const { host, workbench, commands } = setup()
    host.files['/w/a.py'] = 'x = 1\n'
    await workbench.editor.openFile('/w/a.py')
    commands.startOrContinue()
    await settle()
    host.emit('stopped', { reason: 'breakpoint', threadId: 1 })
    await settle()
    expect(press(commands, 'Ctrl+Shift+F5')).toBe(true)
    await settle(30)
    const launches = host.requests.filter((r) => r.command === 'launch').map((r) => r.args)
    expect(launches).toEqual([{ program: '/w/a.py', cwd: '/w', terminal: { columns: 80, rows: 24 } }, { program: '/w/a.py', cwd: '/w', terminal: { columns: 80, rows: 24 } }])
    expect(commands.phase()).toBe('running')
  })
})
