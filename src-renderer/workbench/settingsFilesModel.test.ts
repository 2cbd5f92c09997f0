import { describe, expect, it } from 'vitest'
import type { SettingsProblem } from '../../src-preload/contract'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { Commands } from './commands'
import { createServices } from './services'
import { SettingsFilesModel } from './settingsFilesModel'
import { WorkbenchModel } from './workbenchModel'

const USER = '/state/settings.json'
const PROJECT = '/w/.bugscope/settings.json'

function setup() {
  const host = new FakeHost()
  host.dirs['/w'] = [{ name: 'app.py', path: '/w/app.py', kind: 'file' }]
  host.files['/w/app.py'] = 'print(1)\n'
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host, { onError: (m) => workbench.notify('error', m) })
  const settingsFiles = new SettingsFilesModel(host, workbench)
  const commands = new Commands(workbench, debug, undefined, settingsFiles)
  return { host, workbench, debug, settingsFiles, commands }
}

const brokenAt = (file: string, line: number, column: number): SettingsProblem => ({
  file,
  line,
  column,
  broken: true,
  message: `${file === USER ? 'settings.json' : '.bugscope/settings.json'} line ${line}, column ${column}: expected a value`,
})

describe('SettingsFilesModel', () => {
  it('tells of a broken settings file once, with its line, and takes the notice away when it is fixed', async () => {
    const { host, workbench, settingsFiles } = setup()
    host.settingsFileInfo.user = { path: USER, exists: true, broken: true, problems: [brokenAt(USER, 4, 3)] }
    await settingsFiles.reload()
    await settingsFiles.reload()
    expect(workbench.state.notifications.map((n) => n.message)).toEqual([
      'settings.json line 4, column 3: expected a value. The last good settings stay in force until the file is fixed.',
    ])
    host.settingsFileInfo.user = { path: USER, exists: true, broken: false, problems: [] }
    await settingsFiles.reload()
    expect(workbench.state.notifications).toEqual([])
  })

  it("reads the settings in force again when another folder opens: the project's overrides apply to the next start", async () => {
    const { host, workbench, commands } = setup()
    await workbench.init()
    await workbench.openFolder('/w')
    await workbench.editor.openFile('/w/app.py')
    // The host answers the user's settings with the open project's overrides.
    host.settings = { python: '', justMyCode: false, suspendPolicy: 'thread', stepBack: true }
    await commands.start()
    await settle()
    expect(host.requests.find((r) => r.command === 'launch')?.args).toMatchObject({ program: '/w/app.py', justMyCode: false, suspendPolicy: 'thread' })
    expect(workbench.state.settings).toEqual({ python: '', justMyCode: false, suspendPolicy: 'thread', stepBack: true })
  })

  it('opens the user settings in the editor (created when missing) and applies them when saved there', async () => {
    const { host, workbench, settingsFiles, commands } = setup()
    await settingsFiles.reload()
    commands.openUserSettings()
    await settle()
    expect(workbench.editor.state.activePath).toBe(USER)
    expect(host.files[USER]).toBe('{}\n')
    workbench.editor.editContent(USER, '{ "theme": "light" }')
    host.settings = { python: '', theme: 'light' } // what the host reads from the saved file
    await workbench.editor.save()
    await settle()
    expect(host.writes).toEqual([{ path: USER, text: '{ "theme": "light" }' }])
    expect(workbench.state.settings.theme).toBe('light')
  })

  it("opens the project's settings at the line of its problem, and says when no folder is open", async () => {
    const { host, workbench, settingsFiles } = setup()
    await settingsFiles.open('project')
    expect(workbench.state.notifications.at(-1)?.message).toBe('Could not open the project settings: Open a folder first: project settings belong to a project folder.')
    host.files[PROJECT] = '{\n  "justMyCode": flase\n}'
    host.settingsFileInfo.project = { path: PROJECT, exists: true, broken: true, problems: [brokenAt(PROJECT, 2, 17)] }
    await settingsFiles.open('project')
    expect(workbench.editor.state.activePath).toBe(PROJECT)
    expect(workbench.editor.state.reveal).toMatchObject({ path: PROJECT, line: 2 })
  })

  it('keeps an interpreter path being typed when the settings are read again', async () => {
    const { host, workbench, settingsFiles } = setup()
    await workbench.init()
    workbench.editPython('/opt/py')
    host.settings = { python: '', theme: 'dark' }
    await settingsFiles.reload()
    expect(workbench.state.settings).toEqual({ python: '/opt/py', theme: 'dark' })
  })
})

describe('a settings change the host refuses', () => {
  it('is reported, and the switch shows the setting in force again', async () => {
    const { host, workbench } = setup()
    await workbench.init()
    host.setSettings = async () => {
      throw new Error('The change was not saved: settings.json line 3, column 3: expected a value. Fix settings.json first.')
    }
    await workbench.setJustMyCode(false)
    await settle()
    expect(workbench.state.settings.justMyCode).toBeUndefined()
    expect(workbench.state.notifications.at(-1)?.message).toMatch(/^Could not save the settings: The change was not saved: settings\.json line 3/)
  })
})

describe('a project settings file edited by hand', () => {
  it("gives the project's interpreter and run configuration to the next start once it is read again", async () => {
    const host = new FakeHost()
    host.dirs['/w'] = [{ name: 'app.py', path: '/w/app.py', kind: 'file' }]
    const { workbench, interpreters, runConfigurations, settingsFiles } = createServices(host, { load: async () => null, save: () => undefined })
    await workbench.init()
    await workbench.openFolder('/w')
    await settle()
    expect(interpreters.effectivePython()).toBe('')
    host.projects.set('/w', { python: '/w/.venv/bin/python', runConfiguration: 'App' })
    await settingsFiles.reload()
    await settle()
    expect(interpreters.effectivePython()).toBe('/w/.venv/bin/python')
    expect(runConfigurations.state.chosen).toBe('App')
  })
})
