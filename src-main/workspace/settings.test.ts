import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectSettingsPath, SettingsStore, USER_SETTINGS, userSettingsPath } from './settings'
import { formatSettings, setTopLevel } from './settingsFile'
import { StateStore } from './store'

const temp = (name: string) => mkdtempSync(join(tmpdir(), `bugscope-settings-${name}-`))
const open = (stateDir: string) => new SettingsStore(stateDir, new StateStore(stateDir))
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

describe('user settings.json', () => {
  it('moves the settings of an old state.json into settings.json at first start, keeping the rest of state.json', () => {
    const dir = temp('state')
    const old = { settings: { python: '/usr/bin/python3', justMyCode: false, theme: 'light' }, recent: ['/p/one'], folders: { '/p/one': { watches: ['x'] } } }
    writeFileSync(join(dir, 'state.json'), JSON.stringify(old))
    const store = open(dir)
    expect(store.userSettings()).toEqual({ python: '/usr/bin/python3', justMyCode: false, theme: 'light' })
    expect(json(userSettingsPath(dir))).toEqual({ python: '/usr/bin/python3', justMyCode: false, theme: 'light' })
    const state = json(join(dir, 'state.json'))
    expect(state.settings).toBeUndefined()
    expect(state.recent).toEqual(['/p/one'])
    expect(state.folders).toEqual({ '/p/one': { watches: ['x'] } })
    expect(open(dir).userSettings()).toEqual({ python: '/usr/bin/python3', justMyCode: false, theme: 'light' })
  })

  it('creates no settings.json when the old state held only the defaults, and keeps an existing one over old state', () => {
    const dir = temp('state')
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ settings: { python: '' }, recent: [] }))
    expect(open(dir).userSettings()).toEqual({ python: '' })
    expect(existsSync(userSettingsPath(dir))).toBe(false)
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ settings: { theme: 'dark' } }))
    writeFileSync(userSettingsPath(dir), '{ "theme": "light" }')
    expect(open(dir).userSettings().theme).toBe('light')
    expect(json(join(dir, 'state.json')).settings).toBeUndefined()
  })

  it('applies a hand edit on the next read, without a restart; comments and trailing commas are fine', () => {
    const dir = temp('state')
    const store = open(dir)
    expect(store.userSettings()).toEqual({ python: '' })
    writeFileSync(userSettingsPath(dir), '// mine\n{\n  "theme": "light",\n  /* for now */ "stepBack": true,\n}\n')
    expect(store.userSettings()).toEqual({ python: '', theme: 'light', stepBack: true })
    writeFileSync(userSettingsPath(dir), '{ "theme": "dark" }')
    expect(store.userSettings()).toEqual({ python: '', theme: 'dark' })
  })

  it('keeps a broken file as it is, keeps the last good settings in force and reports the file, line and column', () => {
    const dir = temp('state')
    const store = open(dir)
    writeFileSync(userSettingsPath(dir), '{\n  "theme": "light"\n}\n')
    expect(store.userSettings().theme).toBe('light')
    const broken = '{\n  "theme": "dark"\n  "stepBack": true\n}\n'
    writeFileSync(userSettingsPath(dir), broken)
    expect(store.userSettings().theme).toBe('light')
    const info = store.files(null).user
    expect(info).toMatchObject({ exists: true, broken: true })
    expect(info.problems).toEqual([
      { file: userSettingsPath(dir), line: 3, column: 3, broken: true, message: `settings.json line 3, column 3: expected ',' or '}' after the value of "theme", found '"'` },
    ])
    expect(() => store.updateSettings({ justMyCode: false }, null)).toThrow(/^The change was not saved: settings\.json line 3, column 3: .* Fix settings\.json first/)
    expect(readFileSync(userSettingsPath(dir), 'utf8')).toBe(broken)
    // Fixed by hand: in force at once, and the UI may write again.
    writeFileSync(userSettingsPath(dir), '{\n  "theme": "dark",\n  "stepBack": true\n}\n')
    expect(store.updateSettings({ justMyCode: false }, null)).toEqual({ python: '', theme: 'dark', stepBack: true, justMyCode: false })
  })

  it('treats a value of the wrong type as broken (at the value), and an unknown key as ignored but reported', () => {
    const dir = temp('state')
    const store = open(dir)
    writeFileSync(userSettingsPath(dir), '{\n  "theme": "blue",\n  "justMyCode": "no"\n}')
    expect(store.userSettings()).toEqual({ python: '' })
    expect(store.files(null).user.problems.map((p) => p.message)).toEqual([
      'settings.json line 2, column 12: "theme" must be "system", "dark" or "light", not "blue".',
      'settings.json line 3, column 17: "justMyCode" must be true or false, not "no".',
    ])
    writeFileSync(userSettingsPath(dir), '{\n  "theme": "light",\n  "colour": 3\n}')
    expect(store.userSettings()).toEqual({ python: '', theme: 'light' })
    const info = store.files(null).user
    expect(info.broken).toBe(false)
    expect(info.problems).toEqual([expect.objectContaining({ broken: false, line: 3, column: 3, message: expect.stringMatching(/^settings\.json line 3, column 3: "colour" is not a setting here and is ignored/) })])
    store.updateSettings({ stepBack: true }, null)
    expect(json(userSettingsPath(dir))).toEqual({ theme: 'light', colour: 3, stepBack: true }) // the unknown key is kept
  })

  it('writes atomically (a new file renamed into place), readable: 2-space indent and keys in a stable order', () => {
    const dir = temp('state')
    const store = open(dir)
    store.updateSettings({ inlineValues: false, theme: 'light', python: '/opt/py', justMyCode: false }, null)
    const file = userSettingsPath(dir)
    expect(readFileSync(file, 'utf8')).toBe('{\n  "python": "/opt/py",\n  "justMyCode": false,\n  "theme": "light",\n  "inlineValues": false\n}\n')
    const { ino } = statSync(file)
    store.updateSettings({ theme: 'dark' }, null)
    expect(statSync(file).ino).not.toBe(ino)
    expect(readdirSync(dir)).toEqual(['settings.json']) // no temporary file left behind
  })

  it("keeps the user's comments and order when the UI changes a setting, and refuses values of the wrong type", () => {
    const dir = temp('state')
    const store = open(dir)
    writeFileSync(userSettingsPath(dir), '{\n  // my interpreter\n  "python": "/opt/py", // pinned\n  "theme": "light",\n}\n')
    store.updateSettings({ theme: 'dark', stepBack: true }, null)
    expect(readFileSync(userSettingsPath(dir), 'utf8')).toBe('{\n  // my interpreter\n  "python": "/opt/py", // pinned\n  "theme": "dark",\n  "stepBack": true\n}\n')
    expect(() => store.updateSettings({ justMyCode: 'no' as unknown as boolean }, null)).toThrow('settings.json: "justMyCode" must be true or false.')
    expect(() => store.updateSettings({ colour: 1 } as never, null)).toThrow('settings.json: there is no setting "colour".')
  })
})

describe('project .bugscope/settings.json', () => {
  it('is not written when a change from the UI leaves the user settings as they were', () => {
    const dir = temp('state')
    const store = open(dir)
    expect(store.updateSettings({ python: '' }, null)).toEqual({ python: '' })
    expect(existsSync(userSettingsPath(dir))).toBe(false)
  })

  it('is not created by reading a project, only by a change', () => {
    const dir = temp('state')
    const project = temp('project')
    const store = open(dir)
    expect(store.projectSettings(project)).toEqual({})
    expect(store.settings(project)).toEqual({ python: '' })
    expect(store.files(project).project).toEqual({ path: projectSettingsPath(project), exists: false, broken: false, problems: [] })
    store.updateProjectSettings(project, { python: null })
    expect(existsSync(join(project, '.bugscope'))).toBe(false)
    store.updateProjectSettings(project, { runConfiguration: 'App' })
    expect(json(projectSettingsPath(project))).toEqual({ runConfiguration: 'App' })
  })

  it("overrides the user's debug settings for the project's sessions, but not the user's interpreter or theme", () => {
    const dir = temp('state')
    const project = temp('project')
    const store = open(dir)
    store.updateSettings({ python: '/usr/bin/python3', justMyCode: true, theme: 'light' }, null)
    mkdirSync(join(project, '.bugscope'))
    writeFileSync(projectSettingsPath(project), '{ "python": ".venv/bin/python", "justMyCode": false, "suspendPolicy": "thread", "stepBack": true }')
    expect(store.settings(project)).toEqual({ python: '/usr/bin/python3', justMyCode: false, suspendPolicy: 'thread', stepBack: true, theme: 'light' })
    expect(store.settings(null)).toEqual({ python: '/usr/bin/python3', justMyCode: true, theme: 'light' })
    expect(store.projectSettings(project)).toEqual({ python: '.venv/bin/python', justMyCode: false, suspendPolicy: 'thread', stepBack: true })
    // A change from the UI goes where the value in force comes from.
    store.updateSettings({ justMyCode: true, inlineValues: false }, project)
    expect(json(projectSettingsPath(project)).justMyCode).toBe(true)
    expect(json(userSettingsPath(dir))).toEqual({ python: '/usr/bin/python3', justMyCode: true, theme: 'light', inlineValues: false })
  })

  it('keeps a broken project file, uses its last good values, reports its line and refuses changes to it', () => {
    const dir = temp('state')
    const project = temp('project')
    const store = open(dir)
    store.updateProjectSettings(project, { runConfiguration: 'App', justMyCode: false })
    const broken = '{\n  "runConfiguration": "Tests",\n  "justMyCode": flase\n}\n'
    writeFileSync(projectSettingsPath(project), broken)
    expect(store.projectSettings(project)).toEqual({ runConfiguration: 'App', justMyCode: false })
    expect(store.settings(project).justMyCode).toBe(false)
    expect(store.files(project).project?.problems[0]).toMatchObject({ line: 3, column: 17, broken: true, message: expect.stringMatching(/^\.bugscope\/settings\.json line 3, column 17: expected a value/) })
    expect(() => store.updateProjectSettings(project, { runConfiguration: 'Other' })).toThrow(/not saved: \.bugscope\/settings\.json line 3/)
    expect(() => store.updateSettings({ justMyCode: true }, project)).toThrow(/not saved/)
    expect(readFileSync(projectSettingsPath(project), 'utf8')).toBe(broken)
  })

  it("reads a project's choices from an old state.json until its first change moves them into the project file", () => {
    const dir = temp('state')
    const project = temp('project')
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ projects: { [project]: { python: '/opt/py', runConfiguration: 'App' } }, recent: [project] }))
    const store = open(dir)
    expect(store.projectSettings(project)).toEqual({ python: '/opt/py', runConfiguration: 'App' })
    expect(existsSync(projectSettingsPath(project))).toBe(false)
    store.updateProjectSettings(project, { runConfiguration: 'Tests' })
    expect(json(projectSettingsPath(project))).toEqual({ python: '/opt/py', runConfiguration: 'Tests' })
    expect(json(join(dir, 'state.json'))).toEqual({ recent: [project], attachTargets: [], folders: {}, projects: {} })
    expect(open(dir).projectSettings(project)).toEqual({ python: '/opt/py', runConfiguration: 'Tests' })
  })

  it('creates a file for the editor: the user one with the values in force, the project one with its choices', () => {
    const dir = temp('state')
    const project = temp('project')
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ projects: { [project]: { runConfiguration: 'App' } } }))
    const store = open(dir)
    expect(store.createFile('user', null)).toBe(userSettingsPath(dir))
    expect(readFileSync(userSettingsPath(dir), 'utf8')).toBe('{}\n')
    expect(store.createFile('project', project)).toBe(projectSettingsPath(project))
    expect(json(projectSettingsPath(project))).toEqual({ runConfiguration: 'App' })
    expect(() => store.createFile('project', null)).toThrow(/Open a folder first/)
  })
})

describe('settings text edits', () => {
  it('replaces, appends (after a trailing comma too) and removes top-level keys, keeping the rest of the text', () => {
    expect(setTopLevel('{ "a": 1 }', 'a', 2)).toBe('{ "a": 2 }')
    expect(setTopLevel('{\n  "a": 1 // one\n}', 'b', true)).toBe('{\n  "a": 1,\n  "b": true // one\n}')
    expect(setTopLevel('{\n  "a": 1,\n}', 'b', 'x')).toBe('{\n  "a": 1,\n  "b": "x"\n}')
    expect(setTopLevel('{}', 'a', 1)).toBe('{\n  "a": 1\n}')
    expect(setTopLevel('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', 'b', null)).toBe('{\n  "a": 1,\n  "c": 3\n}')
    expect(setTopLevel('{\n  "a": 1,\n  "b": 2\n}', 'b', null)).toBe('{\n  "a": 1\n}')
    expect(setTopLevel('{ "a": 1 }', 'b', null)).toBe('{ "a": 1 }')
  })

  it('formats a new file with the known keys first, in their order', () => {
    expect(formatSettings({ zz: 1, theme: 'light', python: 'p' }, USER_SETTINGS)).toBe('{\n  "python": "p",\n  "theme": "light",\n  "zz": 1\n}\n')
  })
})
