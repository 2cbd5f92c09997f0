import { describe, expect, it } from 'vitest'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { Commands, handleDebugKey } from './commands'
import { WorkbenchModel } from './workbenchModel'

function setup() {
  const host = new FakeHost()
  host.files['/w/a.py'] = 'x = 1\n'
  host.files['/w/pkg/b.py'] = 'y = 2\n'
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host, { onError: (m) => workbench.notify('error', m) })
  const commands = new Commands(workbench, debug)
  return { host, workbench, editor: workbench.editor, debug, commands }
}

const key = (k: string, shiftKey = false) => ({ key: k, shiftKey, ctrlKey: false, altKey: false, metaKey: false })

describe('EditorModel', () => {
  it('opens files as editors, reveals lines and closes editors', async () => {
    const { editor } = setup()
    await editor.openFile('/w/a.py')
    await editor.openFile('/w/pkg/b.py', 1)
    expect(editor.state.editors.map((e) => [e.path, e.content])).toEqual([
      ['/w/a.py', 'x = 1\n'],
      ['/w/pkg/b.py', 'y = 2\n'],
    ])
    expect(editor.state.activePath).toBe('/w/pkg/b.py')
    expect(editor.state.reveal).toMatchObject({ path: '/w/pkg/b.py', line: 1 })
    editor.closeEditor('/w/pkg/b.py')
    expect(editor.state.activePath).toBe('/w/a.py')
  })

  it('Shift+F9 opens the breakpoint editor on the cursor line; closing it keeps the file open', async () => {
    const { editor, commands } = setup()
    await editor.openFile('/w/a.py')
    commands.cursorLine = () => 1
    expect(handleDebugKey(commands, key('F9', true))).toBe(true)
    await settle()
    expect(editor.state.breakpointEditor).toEqual({ path: '/w/a.py', line: 1 })
    expect(editor.state.reveal).toMatchObject({ path: '/w/a.py', line: 1 })
    editor.closeBreakpointEditor()
    expect(editor.state.breakpointEditor).toBeUndefined()
    expect(editor.state.activePath).toBe('/w/a.py')
  })

  it('marks an edited file unsaved until Ctrl+S writes it, and keeps the changes when the save fails', async () => {
    const { host, workbench, editor, commands } = setup()
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    expect(editor.state.editors[0].dirty).toBe(true)
    host.writeError = 'EACCES'
    expect(await editor.save()).toBe(false)
    expect(editor.state.editors[0]).toMatchObject({ dirty: true, content: 'x = 1\n' })
    expect(workbench.state.notifications.at(-1)?.message).toMatch(/Could not save \/w\/a.py: EACCES/)
    host.writeError = undefined
    expect(handleDebugKey(commands, { ...key('s'), ctrlKey: true })).toBe(true)
    await settle()
    expect(host.writes).toEqual([{ path: '/w/a.py', text: 'x = 2\n' }])
    expect(editor.state.editors[0]).toMatchObject({ dirty: false, content: 'x = 2\n' })
    editor.editContent('/w/a.py', 'x = 3\n')
    editor.editContent('/w/a.py', 'x = 2\n') // typed back to the saved text
    expect(editor.state.editors[0].dirty).toBe(false)
  })
})

describe('EditorModel: files changed on disk', () => {
  it('reloads a file without unsaved changes when it changes on disk, and counts the reload', async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    await editor.checkDisk()
    expect(editor.state.editors[0].reloads).toBeUndefined()
    host.files['/w/a.py'] = 'x = 10\n' // a formatter, git checkout
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 10\n', reloads: 1 })
    expect(editor.state.editors[0].dirty).toBeFalsy()
    expect(editor.state.editors[0].changedOnDisk).toBeUndefined()
  })

  it('keeps unsaved changes when the file changes on disk and raises the bar; Reload takes the text on disk', async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    host.files['/w/a.py'] = 'x = 10\n'
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 1\n', dirty: true, changedOnDisk: { stamp: expect.any(Object) } })
    await editor.checkDisk() // asked again: nothing new
    expect(editor.state.editors[0].reloads).toBeUndefined()
    await editor.reload('/w/a.py')
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 10\n', reloads: 1 })
    expect(editor.state.editors[0].dirty).toBeFalsy()
    expect(editor.state.editors[0].changedOnDisk).toBeUndefined()
    expect(await editor.save()).toBe(true) // nothing unsaved: nothing written
    expect(host.writes).toEqual([])
  })

  it('"Keep yours" drops the bar, and the next save overwrites the file on disk without asking', async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    host.files['/w/a.py'] = 'x = 10\n'
    await editor.checkDisk()
    editor.keepEditorText('/w/a.py')
    expect(editor.state.editors[0].changedOnDisk).toBeUndefined()
    expect(await editor.save()).toBe(true)
    expect(editor.state.prompt).toBeUndefined()
    expect(host.files['/w/a.py']).toBe('x = 2\n')
  })

  it('a change on disk that goes back to the loaded text, or only touches the file, shows nothing', async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    host.files['/w/a.py'] = 'x = 10\n'
    await editor.checkDisk()
    host.files['/w/a.py'] = 'x = 1\n' // changed back (git stash pop…)
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 1\n', dirty: true })
    expect(editor.state.editors[0].changedOnDisk).toBeUndefined()
  })

  it("marks a deleted file's tab deleted, keeps its text, and saving creates the file again", async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    delete host.files['/w/a.py']
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ deleted: true, content: 'x = 1\n' })
    expect(editor.unsavedPaths()).toEqual([])
    expect(await editor.save()).toBe(true)
    expect(host.files['/w/a.py']).toBe('x = 1\n')
    expect(editor.state.editors[0].deleted).toBeUndefined()
    await editor.checkDisk()
    expect(editor.state.editors[0].reloads).toBeUndefined()
  })

  it('a file that comes back after being deleted reloads (or raises the bar when edited meanwhile)', async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    delete host.files['/w/a.py']
    await editor.checkDisk()
    editor.editContent('/w/a.py', 'x = 2\n')
    host.files['/w/a.py'] = 'x = 3\n' // git checkout brought it back, changed
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ dirty: true, changedOnDisk: {} })
    expect(editor.state.editors[0].deleted).toBeUndefined()
  })

  it("the workbench's own save is not a change on disk, even when a check crosses it", async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    // The check's answer is read before the save writes, and arrives after it.
    const stamps = host.fileStamps
    let release!: () => void
    const before = await stamps(['/w/a.py'])
    host.fileStamps = (paths) => (paths.length === 1 && release === undefined ? new Promise((r) => (release = () => r(before))) : stamps(paths))
    const check = editor.checkDisk()
    host.fileStamps = stamps
    expect(await editor.save()).toBe(true)
    release()
    await check
    await editor.checkDisk()
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 2\n', dirty: false })
    expect(editor.state.editors[0].reloads).toBeUndefined()
    expect(editor.state.editors[0].changedOnDisk).toBeUndefined()
  })
})

describe('EditorModel: saving over a file changed on disk', () => {
  async function conflict() {
    const s = setup()
    await s.editor.openFile('/w/a.py')
    s.editor.editContent('/w/a.py', 'x = 2\n')
    s.host.files['/w/a.py'] = 'x = 10\n' // not yet noticed by a check
    const saved = s.editor.save()
    await settle()
    expect(s.editor.state.prompt).toEqual({ kind: 'saveConflict', path: '/w/a.py' })
    return { ...s, saved }
  }

  it('asks first; "overwrite" writes the editor\'s text', async () => {
    const { host, editor, saved } = await conflict()
    editor.answer('overwrite')
    expect(await saved).toBe(true)
    expect(host.files['/w/a.py']).toBe('x = 2\n')
    expect(editor.state.prompt).toBeUndefined()
  })

  it('"reload" takes the text on disk and writes nothing', async () => {
    const { host, editor, saved } = await conflict()
    editor.answer('reload')
    expect(await saved).toBe(false)
    await settle()
    expect(host.writes).toEqual([])
    expect(editor.state.editors[0]).toMatchObject({ content: 'x = 10\n', reloads: 1 })
    expect(editor.state.editors[0].saving).toBeFalsy()
  })

  it('"cancel" writes nothing and keeps the unsaved changes', async () => {
    const { host, editor, saved } = await conflict()
    editor.answer('cancel')
    expect(await saved).toBe(false)
    expect(host.writes).toEqual([])
    expect(editor.state.editors[0]).toMatchObject({ dirty: true, saving: false })
  })
})

describe('EditorModel: closing with unsaved changes', () => {
  it('closes a tab without unsaved changes at once', async () => {
    const { editor } = setup()
    await editor.openFile('/w/a.py')
    expect(await editor.requestClose('/w/a.py')).toBe(true)
    expect(editor.state.editors).toEqual([])
  })

  it("asks before closing an unsaved tab: Cancel keeps it, Don't Save closes it, Save writes then closes", async () => {
    const { host, editor } = setup()
    await editor.openFile('/w/a.py')
    await editor.openFile('/w/pkg/b.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    let closing = editor.requestClose('/w/a.py')
    expect(editor.state.prompt).toEqual({ kind: 'unsaved', paths: ['/w/a.py'], reason: 'close' })
    expect(editor.state.activePath).toBe('/w/a.py') // shown while the question is asked
    editor.answer('cancel')
    expect(await closing).toBe(false)
    expect(editor.state.editors.map((e) => e.path)).toEqual(['/w/a.py', '/w/pkg/b.py'])
    closing = editor.requestClose('/w/a.py')
    editor.answer('save')
    expect(await closing).toBe(true)
    expect(host.files['/w/a.py']).toBe('x = 2\n')
    expect(editor.state.editors.map((e) => e.path)).toEqual(['/w/pkg/b.py'])
    editor.editContent('/w/pkg/b.py', 'y = 3\n')
    closing = editor.requestClose('/w/pkg/b.py')
    editor.answer('discard')
    expect(await closing).toBe(true)
    expect(host.files['/w/pkg/b.py']).toBe('y = 2\n')
    expect(editor.state.editors).toEqual([])
  })

  it('asks before opening another folder while files are unsaved; Cancel keeps the folder and its editors', async () => {
    const { host, workbench, editor } = setup()
    host.dirs['/w'] = []
    host.dirs['/other'] = []
    await workbench.openFolder('/w')
    await editor.openFile('/w/a.py')
    editor.editContent('/w/a.py', 'x = 2\n')
    let opening = workbench.openFolder('/other')
    await settle()
    expect(editor.state.prompt).toEqual({ kind: 'unsaved', paths: ['/w/a.py'], reason: 'openFolder' })
    editor.answer('cancel')
    expect(await opening).toBe(false)
    expect(workbench.state.root).toBe('/w')
    expect(editor.state.editors).toHaveLength(1)
    opening = workbench.openFolder('/other')
    await settle()
    editor.answer('save')
    expect(await opening).toBe(true)
    expect(host.files['/w/a.py']).toBe('x = 2\n')
    expect(workbench.state.root).toBe('/other')
    expect(editor.state.editors).toEqual([])
  })
})
