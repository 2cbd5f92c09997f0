import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeHost } from '../debug/fakeHost'
import { WorkbenchModel } from './workbenchModel'

describe('WorkbenchModel.watchFolder', () => {
  afterEach(() => vi.useRealTimers())

  it('lists the loaded folders again when the host’s folder version moves, and forgets a deleted one', async () => {
    vi.useFakeTimers()
    const host = new FakeHost()
    host.dirs['/w'] = [{ name: 'pkg', path: '/w/pkg', kind: 'dir' }]
    host.dirs['/w/pkg'] = []
    const workbench = new WorkbenchModel(host)
    await workbench.openFolder('/w')
    await workbench.toggleDir('/w/pkg')
    const stop = workbench.watchFolder(100)
    await vi.advanceTimersByTimeAsync(100)

    host.dirs['/w'] = [
      { name: 'pkg', path: '/w/pkg', kind: 'dir' },
      { name: 'new.py', path: '/w/new.py', kind: 'file' },
    ]
    host.dirs['/w/pkg'] = [{ name: 'b.py', path: '/w/pkg/b.py', kind: 'file' }]
    await vi.advanceTimersByTimeAsync(300)
    expect(workbench.state.dirs['/w'].entries).toHaveLength(1) // the version has not moved: no listing

    host.version++
    await vi.advanceTimersByTimeAsync(100)
    expect(workbench.state.dirs['/w'].entries!.map((e) => e.name)).toEqual(['pkg', 'new.py'])
    expect(workbench.state.dirs['/w/pkg'].entries!.map((e) => e.name)).toEqual(['b.py'])

    host.listDir = async (path) => {
      if (path === '/w/pkg') throw new Error('Cannot list /w/pkg: ENOENT')
      return []
    }
    host.version++
    await vi.advanceTimersByTimeAsync(100)
    expect(workbench.state.dirs['/w/pkg']).toBeUndefined()
    expect(workbench.state.dirs['/w'].entries).toEqual([])
    stop()
  })
})
