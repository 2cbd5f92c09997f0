import { describe, expect, it } from 'vitest'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { Commands, handleDebugKey } from './commands'
import { WorkbenchModel } from './workbenchModel'

function setup() {
  const host = new FakeHost()
  host.dirs['/w'] = [
    { name: 'pkg', path: '/w/pkg', kind: 'dir' },
    { name: 'a.py', path: '/w/a.py', kind: 'file' },
  ]
  host.dirs['/w/pkg'] = [{ name: 'b.py', path: '/w/pkg/b.py', kind: 'file' }]
  host.files['/w/a.py'] = 'x = 1\n'
  host.files['/w/pkg/b.py'] = 'y = 2\n'
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host, { onError: (m) => workbench.notify('error', m) })
  const commands = new Commands(workbench, debug)
  return { host, workbench, debug, commands }
}

const key = (k: string, shiftKey = false) => ({ key: k, shiftKey, ctrlKey: false, altKey: false, metaKey: false })

describe('WorkbenchModel', () => {
  it('shows the path dialog in browser mode when there is no native picker', async () => {
    const { workbench } = setup()
    await workbench.pickFolder()
    expect(workbench.state.folderDialogOpen).toBe(true)
    expect(await workbench.openFolder('/w')).toBe(true)
    expect(workbench.state.folderDialogOpen).toBe(false)
    expect(workbench.state.recent).toEqual(['/w'])
    expect(workbench.state.dirs['/w'].entries?.map((e) => e.name)).toEqual(['pkg', 'a.py'])
  })

  it('reports a folder that cannot be opened and keeps the dialog open', async () => {
    const { workbench } = setup()
    workbench.setFolderDialogOpen(true)
    expect(await workbench.openFolder('/missing')).toBe(false)
    expect(workbench.state.notifications.at(-1)?.message).toContain('Folder not found: /missing')
    expect(workbench.state.folderDialogOpen).toBe(true)
  })

  it('lists folders lazily, on first expansion', async () => {
    const { workbench } = setup()
    await workbench.openFolder('/w')
    expect(workbench.state.dirs['/w/pkg']).toBeUndefined()
    await workbench.toggleDir('/w/pkg')
    expect(workbench.state.dirs['/w/pkg'].entries?.[0].path).toBe('/w/pkg/b.py')
    await workbench.toggleDir('/w/pkg')
    expect(workbench.state.expandedDirs['/w/pkg']).toBe(false)
  })

  it('edits the interpreter locally and saves it to the host', async () => {
    const { host, workbench } = setup()
    workbench.editPython(' /opt/py/bin/python3 ')
    await workbench.saveSettings()
    expect(host.settings.python).toBe('/opt/py/bin/python3')
    expect(workbench.state.settings.python).toBe('/opt/py/bin/python3')
  })

  it('keeps what the user typed while an older save was still on its way', async () => {
    const { host, workbench } = setup()
    let answer!: () => void
    const setSettings = host.setSettings
    host.setSettings = (patch) => new Promise((resolve) => (answer = () => resolve(setSettings(patch))))
    workbench.editPython('/nonexistent/python3')
    const older = workbench.saveSettings()
    workbench.editPython('') // typed before the host answered the first save
    answer()
    await older
    expect(workbench.state.settings.python).toBe('')
  })
})

describe('WorkbenchModel: is there a Python?', () => {
  const missing = { ok: false as const, problem: "Python interpreter 'python3' was not found on PATH.", help: 'Install it with your package manager.' }

  it('checks the saved interpreter at start; "Check again" clears the notice once Python is there', async () => {
    const { host, workbench } = setup()
    host.python = missing
    await workbench.init()
    expect(host.pythonChecks).toEqual([''])
    expect(workbench.state.python).toEqual({ check: missing, checking: false, dismissed: false })
    host.python = { ok: true, path: '/usr/bin/python3', version: '3.12.1' }
    await workbench.checkPython()
    expect(workbench.state.python.check).toEqual({ ok: true, path: '/usr/bin/python3', version: '3.12.1' })
  })

  it('checks again when the interpreter setting changes, not on every save', async () => {
    const { host, workbench } = setup()
    await workbench.init()
    workbench.editPython('/opt/py/bin/python3')
    await workbench.saveSettings()
    await workbench.saveSettings() // the field lost focus again: nothing changed
    expect(host.pythonChecks).toEqual(['', '/opt/py/bin/python3'])
  })

  it('a dismissed notice comes back when a later check still fails', async () => {
    const { host, workbench } = setup()
    host.python = missing
    await workbench.init()
    workbench.dismissPythonNotice()
    expect(workbench.state.python.dismissed).toBe(true)
    await workbench.checkPython()
    expect(workbench.state.python).toEqual({ check: missing, checking: false, dismissed: false })
  })

  it("shows the newest check's answer, not a slower older one", async () => {
    const { host, workbench } = setup()
    const answers: ((check: typeof host.python) => void)[] = []
    host.checkPython = () => new Promise((resolve) => answers.push(resolve))
    const older = workbench.checkPython()
    const newer = workbench.checkPython()
    expect(workbench.state.python.checking).toBe(true)
    answers[1]({ ok: true, path: '/usr/bin/python3', version: '3.12.1' })
    await newer
    answers[0](missing)
    await older
    expect(workbench.state.python).toMatchObject({ check: { ok: true }, checking: false })
  })

  it('says so when the host cannot run the check', async () => {
    const { host, workbench } = setup()
    host.checkPython = async () => {
      throw new Error('connection lost')
    }
    await workbench.checkPython()
    expect(workbench.state.notifications.at(-1)?.message).toBe('Could not check the Python interpreter: connection lost')
    expect(workbench.state.python.checking).toBe(false)
  })
})

describe('Commands and keys', () => {
  it('F5 launches the active file with the workspace as cwd and the edited interpreter', async () => {
    const { host, workbench, commands } = setup()
    await workbench.openFolder('/w')
    await workbench.editor.openFile('/w/a.py')
    workbench.editPython('/usr/bin/python3.11')
    expect(handleDebugKey(commands, key('F5'))).toBe(true)
    await settle()
    expect(host.requests.find((r) => r.command === 'launch')?.args).toEqual({ program: '/w/a.py', cwd: '/w', python: '/usr/bin/python3.11', terminal: { columns: 80, rows: 24 } })
    expect(commands.phase()).toBe('running')
  })

  it('Ctrl+F5 runs the active file post-mortem: untraced, stopping only on a crash', async () => {
    const { host, workbench, commands } = setup()
    await workbench.openFolder('/w')
    await workbench.editor.openFile('/w/a.py')
    expect(handleDebugKey(commands, { ...key('F5'), ctrlKey: true })).toBe(true)
    await settle()
    expect(host.requests.find((r) => r.command === 'launch')?.args).toEqual({ program: '/w/a.py', cwd: '/w', postMortem: true, terminal: { columns: 80, rows: 24 } })
  })

  it('with "just my code" off, the launch asks the tracer to step into library code too, and the setting is kept', async () => {
    const { host, workbench, commands } = setup()
    await workbench.openFolder('/w')
    await workbench.editor.openFile('/w/a.py')
    await workbench.setJustMyCode(false)
    expect(host.settings.justMyCode).toBe(false)
    commands.startOrContinue()
    await settle()
    expect(host.requests.find((r) => r.command === 'launch')?.args).toEqual({ program: '/w/a.py', cwd: '/w', justMyCode: false, terminal: { columns: 80, rows: 24 } })
  })

  it('the default suspend policy is kept in the settings and sent as the launch\'s suspendPolicy', async () => {
    const { host, workbench, commands } = setup()
    await workbench.openFolder('/w')
    await workbench.editor.openFile('/w/a.py')
    await workbench.setSuspendPolicy('thread')
    expect(host.settings.suspendPolicy).toBe('thread')
    commands.startOrContinue()
    await settle()
    expect(host.requests.find((r) => r.command === 'launch')?.args).toEqual({ program: '/w/a.py', cwd: '/w', suspendPolicy: 'thread', terminal: { columns: 80, rows: 24 } })
  })

  it('F5 without an open file explains what to do', async () => {
    const { host, workbench, commands } = setup()
    commands.startOrContinue()
    await settle()
    expect(workbench.state.notifications.at(-1)?.message).toMatch(/Open a Python file first/)
    expect(host.requests).toEqual([])
  })

  it('F5 continues when stopped; F10, F11, Shift+F11 step; Shift+F5 stops', async () => {
    const { host, workbench, commands } = setup()
    await workbench.editor.openFile('/w/a.py')
    commands.startOrContinue()
    await settle()
    const stopAndPress = async (k: ReturnType<typeof key>) => {
      host.emit('stopped', { reason: 'step', threadId: 1 })
      await settle()
      handleDebugKey(commands, k)
      await settle()
      return host.requests.at(-1)?.command
    }
    expect(await stopAndPress(key('F5'))).toBe('continue')
    expect(await stopAndPress(key('F10'))).toBe('next')
    expect(await stopAndPress(key('F11'))).toBe('stepIn')
    expect(await stopAndPress(key('F11', true))).toBe('stepOut')
    handleDebugKey(commands, key('F5', true))
    await settle(20)
    expect(host.commands()).toContain('terminate')
    expect(commands.phase()).toBe('idle')
  })

  it('Ctrl+F10 runs to the cursor line with a one-shot breakpoint that goes at the next stop', async () => {
    const { host, workbench, commands, debug } = setup()
    await workbench.editor.openFile('/w/a.py')
    commands.cursorLine = () => 7
    commands.startOrContinue()
    await settle()
    host.emit('stopped', { reason: 'breakpoint', threadId: 1 })
    await settle()
    handleDebugKey(commands, { ...key('F10'), ctrlKey: true })
    await settle()
    const sent = host.requests.filter((r) => r.command === 'setBreakpoints').at(-1)?.args as { breakpoints: unknown[] }
    expect(sent.breakpoints).toEqual([{ line: 7, mode: 'temporary' }])
    expect(host.requests.at(-1)?.command).toBe('continue')
    host.emit('stopped', { reason: 'breakpoint', threadId: 1 }) // stopped elsewhere first
    await settle()
    expect(debug.state.breakpoints['/w/a.py']).toBeUndefined()
  })

  it('Ctrl+F11 lists the calls of the line and steps into the one chosen', async () => {
    const { host, workbench, commands } = setup()
    const initialize = host.handlers.initialize
    host.handlers.initialize = (args, sessionId) => ({ ...(initialize(args, sessionId) as object), supportsStepInTargetsRequest: true })
    host.handlers.stepInTargets = () => ({ targets: [{ id: 1, label: 'outer' }, { id: 2, label: 'inner' }] })
    await workbench.editor.openFile('/w/a.py')
    commands.startOrContinue()
    await settle()
    host.emit('stopped', { reason: 'step', threadId: 1 })
    await settle()
    handleDebugKey(commands, { ...key('F11'), ctrlKey: true })
    await settle()
    expect(workbench.state.stepTargets?.map((t) => t.label)).toEqual(['outer', 'inner'])
    commands.chooseStepTarget(2)
    await settle()
    expect(workbench.state.stepTargets).toBeUndefined()
    expect(host.requests.at(-1)).toMatchObject({ command: 'stepIn', args: { threadId: 1, targetId: 2 } })
  })

  it('F9 toggles a breakpoint on the editor cursor line', async () => {
    const { workbench, debug, commands } = setup()
    await workbench.editor.openFile('/w/a.py')
    commands.cursorLine = () => 1
    handleDebugKey(commands, key('F9'))
    expect(debug.state.breakpoints['/w/a.py'].map((b) => b.line)).toEqual([1])
    handleDebugKey(commands, key('F9'))
    expect(debug.state.breakpoints['/w/a.py']).toBeUndefined()
    expect(handleDebugKey(commands, { ...key('F9'), ctrlKey: true })).toBe(false)
  })

})
