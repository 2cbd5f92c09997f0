import { describe, expect, it } from 'vitest'
import { DebugModel } from '../debug/debugModel'
import { FakeHost } from '../debug/fakeHost'
import { WebStorageFolderStates, type FolderState } from '../debug/folderState'
import { keepFolderState } from './folderPersistence'
import { WorkbenchModel } from './workbenchModel'

class MemoryStorage {
  readonly items = new Map<string, string>()
  writes = 0
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.writes++
    this.items.set(key, value)
  }
}

function setup() {
  const host = new FakeHost()
  host.dirs['/one'] = []
  host.dirs['/two'] = []
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host)
  const memory = new MemoryStorage()
  const storage = new WebStorageFolderStates(memory)
  keepFolderState(workbench, debug, storage)
  const stored = (folder: string) => storage.load(folder) as FolderState | undefined
  return { workbench, debug, memory, stored }
}

describe('folder state', () => {
  it('saves breakpoints (with settings), watches and exception settings under the open folder, and restores them', async () => {
    const { workbench, debug, stored } = setup()
    await workbench.openFolder('/one')
    debug.setBreakpointOptions('/one/a.py', 4, { condition: 'i > 2' })
    debug.toggleBreakpoint('/one/a.py', 9)
    debug.setBreakpointEnabled('/one/a.py', debug.state.breakpoints['/one/a.py'][1].key, false)
    debug.addWatch('len(items)')
    debug.setExceptionFilterEnabled('raised', true)
    debug.setExceptionRule('KeyError', 'never')
    expect(stored('/one')).toEqual({
      version: 1,
      breakpoints: [
        { path: '/one/a.py', line: 4, enabled: true, condition: 'i > 2' },
        { path: '/one/a.py', line: 9, enabled: false },
      ],
      watches: ['len(items)'],
      exceptions: { filters: { raised: { enabled: true } }, rules: [{ name: 'KeyError', mode: 'never' }] },
    })

    await workbench.openFolder('/two')
    expect(debug.state.breakpoints).toEqual({})
    expect(debug.state.watches).toEqual([])
    debug.toggleBreakpoint('/two/b.py', 1)

    await workbench.openFolder('/one')
    expect(debug.state.breakpoints['/one/a.py'].map((b) => [b.line, b.enabled, b.condition])).toEqual([[4, true, 'i > 2'], [9, false, undefined]])
    expect(debug.state.watches.map((w) => w.expression)).toEqual(['len(items)'])
    expect(debug.state.exceptionSettings.rules).toEqual([{ name: 'KeyError', mode: 'never' }])
    expect(stored('/two')?.breakpoints).toEqual([{ path: '/two/b.py', line: 1, enabled: true }])
  })

  it('writes only when something kept changes', async () => {
    const { workbench, debug, memory } = setup()
    await workbench.openFolder('/one')
    debug.toggleBreakpoint('/one/a.py', 1)
    const writes = memory.writes
    debug.print('info', 'hello')
    debug.setExpanded('scope:Locals', true)
    expect(memory.writes).toBe(writes)
  })

  it('an unreadable stored state starts the folder fresh', async () => {
    const { workbench, debug, memory } = setup()
    memory.items.set('bugscope.folder:/one', '{not json')
    debug.toggleBreakpoint('/elsewhere.py', 1)
    await workbench.openFolder('/one')
    expect(debug.state.breakpoints).toEqual({})
  })
})
