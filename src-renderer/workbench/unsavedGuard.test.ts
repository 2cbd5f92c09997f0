import { describe, expect, it } from 'vitest'
import { FakeHost } from '../debug/fakeHost'
import { guardUnsavedChanges } from './unsavedGuard'
import { WorkbenchModel } from './workbenchModel'

/** The browser's BeforeUnloadEvent: Node's plain Event has a read-only returnValue. */
class BeforeUnload extends Event {
  returnValue = true
}

const unload = (page: EventTarget) => {
  const e = new BeforeUnload('beforeunload', { cancelable: true })
  page.dispatchEvent(e)
  return e.defaultPrevented ? 'asks' : 'leaves'
}

describe('leaving the page with unsaved changes', () => {
  it('asks only while an editor has unsaved changes, and tells the host how many there are', async () => {
    const host = new FakeHost()
    host.files['/w/a.py'] = 'x = 1\n'
    host.files['/w/b.py'] = 'y = 1\n'
    const { editor } = new WorkbenchModel(host)
    const page = new EventTarget()
    const stop = guardUnsavedChanges(editor, host, page)
    await editor.openFile('/w/a.py')
    await editor.openFile('/w/b.py')
    expect(unload(page)).toBe('leaves')
    editor.editContent('/w/a.py', 'x = 2\n')
    editor.editContent('/w/b.py', 'y = 2\n')
    expect(unload(page)).toBe('asks')
    expect(host.unsavedCounts).toEqual([1, 2])
    await editor.save('/w/a.py')
    await editor.save('/w/b.py')
    expect(unload(page)).toBe('leaves')
    expect(host.unsavedCounts).toEqual([1, 2, 1, 0])
    editor.editContent('/w/a.py', 'x = 3\n')
    stop()
    expect(unload(page)).toBe('leaves')
  })
})
