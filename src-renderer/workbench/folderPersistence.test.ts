import { describe, expect, it } from 'vitest'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { HostFolderStates, type FolderState } from '../debug/folderState'
import { keepFolderState } from './folderPersistence'
import { WorkbenchModel } from './workbenchModel'

/** Web Storage as an earlier version used it (its states move to the host on first load). */
class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

function setup() {
  const host = new FakeHost()
  host.dirs['/one'] = []
  host.dirs['/two'] = []
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host)
  const memory = new MemoryStorage()
  let writes = 0
  const setFolderState = host.setFolderState
  host.setFolderState = (folder, state) => {
    writes++
    return setFolderState(folder, state)
  }
  keepFolderState(workbench, debug, new HostFolderStates(host, memory))
  const stored = (folder: string) => host.folderStates.get(folder) as FolderState | undefined
  const open = async (folder: string) => {
    await workbench.openFolder(folder)
    await settle()
  }
  return { workbench, debug, memory, stored, open, writes: () => writes }
}

describe('folder state', () => {
  it('saves breakpoints (with settings), watches and exception settings under the open folder, and restores them', async () => {
    const { debug, stored, open } = setup()
    await open('/one')
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

    await open('/two')
    expect(debug.state.breakpoints).toEqual({})
    expect(debug.state.watches).toEqual([])
    debug.toggleBreakpoint('/two/b.py', 1)

    await open('/one')
    expect(debug.state.breakpoints['/one/a.py'].map((b) => [b.line, b.enabled, b.condition])).toEqual([[4, true, 'i > 2'], [9, false, undefined]])
    expect(debug.state.watches.map((w) => w.expression)).toEqual(['len(items)'])
    expect(debug.state.exceptionSettings.rules).toEqual([{ name: 'KeyError', mode: 'never' }])
    expect(stored('/two')?.breakpoints).toEqual([{ path: '/two/b.py', line: 1, enabled: true }])
  })

  it('writes only when something kept changes', async () => {
    const { debug, open, writes } = setup()
    await open('/one')
    debug.toggleBreakpoint('/one/a.py', 1)
    const before = writes()
    debug.print('info', 'hello')
    debug.setExpanded('scope:Locals', true)
    expect(writes()).toBe(before)
  })

  it('an unreadable stored state starts the folder fresh', async () => {
    const { debug, memory, open } = setup()
    memory.items.set('bugscope.folder:/one', '{not json')
    debug.toggleBreakpoint('/elsewhere.py', 1)
    await open('/one')
    expect(debug.state.breakpoints).toEqual({})
  })

  it('a state an earlier version kept in Web Storage moves to the host', async () => {
    const { debug, memory, open, stored } = setup()
    memory.items.set('bugscope.folder:/one', JSON.stringify({ version: 1, breakpoints: [{ path: '/one/a.py', line: 3, enabled: true }], watches: ['x'], exceptions: { filters: {}, rules: [] } }))
    await open('/one')
    expect(debug.state.breakpoints['/one/a.py'].map((b) => b.line)).toEqual([3])
    expect(stored('/one')?.watches).toEqual(['x'])
    expect(memory.items.size).toBe(0)
  })
})
