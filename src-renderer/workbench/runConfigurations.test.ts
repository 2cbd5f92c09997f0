import { describe, expect, it } from 'vitest'
import type { RunConfiguration } from '../../src-preload/contract'
import { DebugModel } from '../debug/debugModel'
import { FakeHost, settle } from '../debug/fakeHost'
import { argumentWords, entryFor } from '../dialogs/AddConfigurationDialog'
import { Commands } from './commands'
import { InterpreterModel, interpreterLabel } from './interpreterModel'
import { CURRENT_FILE, planStart, resolveEditorVariables, RunConfigurationsModel } from './runConfigurations'
import { WorkbenchModel } from './workbenchModel'

const launchConfig = (name: string, launch: RunConfiguration['launch'], problems: string[] = []): RunConfiguration => ({ name, request: 'launch', line: 3, launch, problems })

function setup() {
  const host = new FakeHost()
  host.dirs['/w'] = [{ name: 'app.py', path: '/w/app.py', kind: 'file' }]
  host.files['/w/app.py'] = 'print(1)\n'
  host.files['/w/pkg/tool.py'] = 'print(2)\n'
  host.runConfigs = {
    file: '/w/.vscode/launch.json',
    exists: true,
    configurations: [
      launchConfig('App', { program: '/w/app.py', args: ['--name', '${fileBasenameNoExtension}'], cwd: '/w', env: { MODE: 'dev' } }),
      launchConfig('Broken', { program: '/w/app.py' }, ['It uses ${command:pickArgs}, which Bugscope cannot fill in: replace it with a value.']),
    ],
  }
  const workbench = new WorkbenchModel(host)
  const debug = new DebugModel(host, { onError: (m) => workbench.notify('error', m) })
  const configurations = new RunConfigurationsModel(host, workbench)
  const interpreters = new InterpreterModel(host, workbench)
  const commands = new Commands(workbench, debug, { configurations, interpreters })
  return { host, workbench, debug, configurations, interpreters, commands }
}

/** The launch arguments sent, without the terminal size the debug model adds to every launch (debugModel.test.ts). */
const launched = (host: FakeHost) => {
  const args = host.requests.find((r) => r.command === 'launch')?.args
  if (!args) return args
  const { terminal: _size, ...rest } = args
  return rest
}

describe("the active editor's variables", () => {
  const ctx = { activePath: '/w/pkg/tool.py', root: '/w', line: 7 }

  it("are filled in with VS Code's meanings", () => {
    const vars = ['file', 'fileBasename', 'fileBasenameNoExtension', 'fileExtname', 'fileDirname', 'fileDirnameBasename', 'relativeFile', 'relativeFileDirname', 'fileWorkspaceFolder', 'lineNumber']
    expect(resolveEditorVariables(vars.map((v) => `\${${v}}`), ctx)).toEqual(['/w/pkg/tool.py', 'tool.py', 'tool', '.py', '/w/pkg', 'pkg', 'pkg/tool.py', 'pkg', '/w', '7'])
    // Others (already reported by the host) stay as they are.
    expect(resolveEditorVariables({ a: ['${input:x}'] }, ctx)).toEqual({ a: ['${input:x}'] })
  })

  it('say what to do when no file is open', () => {
    expect(() => resolveEditorVariables('${fileDirname}', { activePath: null, root: '/w' })).toThrow('it uses ${fileDirname}: open a file in the editor first.')
  })
})

describe('what Start runs', () => {
  const defaults = { python: '/venv/bin/python', justMyCode: false, suspendPolicy: 'thread' as const }

  it('without a configuration: the active file from the open folder, with the project’s interpreter and the settings', () => {
    expect(planStart(undefined, { activePath: '/w/pkg/tool.py', root: '/w' }, defaults)).toEqual({
      kind: 'launch',
      warnings: [],
      args: { program: '/w/pkg/tool.py', cwd: '/w', python: '/venv/bin/python', justMyCode: false, suspendPolicy: 'thread' },
    })
    expect(planStart(undefined, { activePath: null, root: '/w' }, defaults)).toMatchObject({ kind: 'error', message: /Open a Python file first/ })
  })

  it("a configuration: its own attributes first, a relative cwd from the folder, the editor's variables filled in", () => {
    const config = launchConfig('T', { module: 'pytest', args: ['${relativeFile}'], cwd: 'tests', python: '/other/python', justMyCode: true })
    expect(planStart(config, { activePath: '/w/pkg/tool.py', root: '/w' }, defaults)).toEqual({
      kind: 'launch',
      warnings: [],
      args: { module: 'pytest', args: ['pkg/tool.py'], cwd: '/w/tests', python: '/other/python', justMyCode: true, suspendPolicy: 'thread' },
    })
  })

  it('refuses a configuration with problems, naming them and the way out', () => {
    const plan = planStart(launchConfig('B', { program: 'x.py' }, ['It uses ${input:p}, which Bugscope cannot fill in: replace it with a value.']), { activePath: null, root: '/w' }, defaults)
    expect(plan).toEqual({
      kind: 'error',
      message: 'The configuration "B" cannot start: It uses ${input:p}, which Bugscope cannot fill in: replace it with a value. Fix it in .vscode/launch.json, or choose "Debug current file".',
    })
  })
})

describe('RunConfigurationsModel', () => {
  it("F5 runs the chosen configuration with its args, and the choice is remembered for the folder", async () => {
    const { host, workbench, configurations, commands } = setup()
    await workbench.openFolder('/w')
    await settle()
    expect(configurations.state.list?.configurations.map((c) => c.name)).toEqual(['App', 'Broken'])
    expect(configurations.state.chosen).toBe(CURRENT_FILE)
    expect(commands.canStart()).toBe(false) // nothing open, nothing chosen
    await configurations.choose('App')
    expect(host.projects.get('/w')).toEqual({ runConfiguration: 'App' })
    expect(commands.canStart()).toBe(true)
    await workbench.editor.openFile('/w/pkg/tool.py')
    await commands.start()
    await settle()
    expect(launched(host)).toEqual({ program: '/w/app.py', args: ['--name', 'tool'], cwd: '/w', env: { MODE: 'dev' } })

    // Another model (a reload) finds the choice again.
    const again = new RunConfigurationsModel(host, workbench)
    await settle()
    expect(again.state.chosen).toBe('App')
    await again.choose(CURRENT_FILE)
    expect(host.projects.get('/w')).toEqual({})
  })

  it('a broken launch.json is reported once, with its line, and F5 debugs the current file', async () => {
    const { host, workbench, configurations, commands } = setup()
    host.projects.set('/w', { runConfiguration: 'App' })
    host.runConfigs = { file: '/w/.vscode/launch.json', exists: true, configurations: [], error: { message: "is not valid JSON: line 4, column 9: expected ',' or '}'", line: 4, column: 9 } }
    await workbench.openFolder('/w')
    await settle()
    await configurations.refresh()
    const errors = workbench.state.notifications.filter((n) => n.kind === 'error').map((n) => n.message)
    expect(errors).toEqual([`.vscode/launch.json is not valid JSON: line 4, column 9: expected ',' or '}'. "Debug current file" still works.`])
    expect(configurations.selected()).toBeUndefined()
    await workbench.editor.openFile('/w/app.py')
    await commands.start()
    await settle()
    expect(launched(host)).toEqual({ program: '/w/app.py', cwd: '/w' })
  })

  it('F5 on a configuration that cannot start says why and starts nothing', async () => {
    const { host, workbench, configurations, commands } = setup()
    await workbench.openFolder('/w')
    await settle()
    await configurations.choose('Broken')
    await commands.start()
    expect(workbench.state.notifications.at(-1)?.message).toMatch(/^The configuration "Broken" cannot start: It uses \$\{command:pickArgs\}/)
    expect(host.commands()).not.toContain('launch')
  })

  it('adds a configuration through the host, chooses it and shows it in the editor', async () => {
    const { host, workbench, configurations } = setup()
    host.files['/w/.vscode/launch.json'] = '{}'
    await workbench.openFolder('/w')
    await settle()
    host.runConfigs.configurations.push(launchConfig('Tests', { module: 'pytest' }))
    expect(await configurations.add({ name: 'Tests', type: 'debugpy', request: 'launch', module: 'pytest' })).toBe(true)
    expect(host.addedConfigurations).toEqual([{ name: 'Tests', type: 'debugpy', request: 'launch', module: 'pytest' }])
    expect(configurations.state.chosen).toBe('Tests')
    expect(workbench.editor.state.activePath).toBe('/w/.vscode/launch.json')
  })

  it('the add dialog turns its templates into launch.json entries', () => {
    const form = { template: 'thisFile' as const, name: 'Tool', module: '', args: '--x "a b"', host: '', port: '' }
    expect(entryFor(form, '/w', '/w/pkg/tool.py')).toEqual({ name: 'Tool', type: 'debugpy', request: 'launch', program: '${workspaceFolder}/pkg/tool.py', args: ['--x', 'a b'], console: 'integratedTerminal' })
    expect(entryFor({ ...form, template: 'module', module: 'no good' }, '/w', null)).toMatch(/Enter the module/)
    expect(entryFor({ ...form, template: 'attach', name: '', host: 'srv', port: '5678' }, '/w', null)).toMatchObject({ name: 'Python: Attach', request: 'attach', connect: { host: 'srv', port: 5678 } })
    expect(argumentWords(` a 'b c' "d" `)).toEqual(['a', 'b c', 'd'])
  })
})

describe('InterpreterModel', () => {
  it("uses the project's interpreter over the Python field, remembers the choice per folder and checks it", async () => {
    const { host, workbench, interpreters, commands } = setup()
    host.settings = { python: '/usr/bin/python3.11' }
    await workbench.init()
    await workbench.openFolder('/w')
    await settle()
    expect(interpreters.effectivePython()).toBe('/usr/bin/python3.11')
    host.interpreters = [{ path: '/w/.venv/bin/python', source: 'project', name: '.venv', version: '3.12.1' }]
    await interpreters.openPicker()
    expect(interpreters.state.list).toEqual(host.interpreters)
    const checks = host.pythonChecks.length
    await interpreters.choose('/w/.venv/bin/python')
    expect(interpreters.state.pickerOpen).toBe(false)
    expect(host.projects.get('/w')).toEqual({ python: '/w/.venv/bin/python' })
    expect(host.pythonChecks.length).toBe(checks + 1)
    await workbench.editor.openFile('/w/app.py')
    await commands.start()
    await settle()
    expect(launched(host)).toMatchObject({ program: '/w/app.py', python: '/w/.venv/bin/python' })

    const again = new InterpreterModel(host, workbench)
    await settle()
    expect(again.effectivePython()).toBe('/w/.venv/bin/python')
    await again.choose(null)
    expect(again.effectivePython()).toBe('/usr/bin/python3.11')
    expect(host.projects.get('/w')).toEqual({})
  })

  it('names interpreters by their environment', () => {
    expect(interpreterLabel('/p/.venv/bin/python')).toBe('.venv')
    expect(interpreterLabel('C:\\p\\venv\\Scripts\\python.exe')).toBe('venv')
    expect(interpreterLabel('/home/a/.pyenv/versions/3.12.1/bin/python')).toBe('pyenv 3.12.1')
    expect(interpreterLabel('/home/a/miniconda3/envs/ml/bin/python')).toBe('conda ml')
    expect(interpreterLabel('/usr/bin/python3.11')).toBe('python3.11')
  })
})

describe('"console": "internalConsole"', () => {
  it("sends the program's output to the Debug Console instead of the Terminal", async () => {
    const { host, debug } = setup()
    const terminal: string[] = []
    debug.onProgramOutput.on((t) => terminal.push(t))
    await debug.start({ program: '/w/app.py', console: 'internalConsole' })
    await settle()
    host.emit('output', { category: 'stdout', output: 'hello\n' })
    host.emit('output', { category: 'stderr', output: 'oops\n' })
    expect(terminal).toEqual([])
    expect(debug.state.console.slice(-2).map((l) => [l.kind, l.text])).toEqual([
      ['output', 'hello'],
      ['error', 'oops'],
    ])
  })
})
