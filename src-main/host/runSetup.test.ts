import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHost } from './host'

const temp = (name: string) => mkdtempSync(join(tmpdir(), `bugscope-runsetup-${name}-`))

function projectWithVenv(version: string): { project: string; python: string } {
  const project = temp('project')
  const python = join(project, '.venv', 'bin', 'python')
  mkdirSync(join(project, '.venv', 'bin'), { recursive: true })
  writeFileSync(python, `#!/bin/sh\necho '${version}'\n`)
  chmodSync(python, 0o755)
  return { project, python }
}

describe.skipIf(process.platform === 'win32')('host: run configurations and interpreters per project', () => {
  it("remembers a project's interpreter and configuration across restarts, apart from other projects", async () => {
    const stateDir = temp('state')
    const a = temp('a')
    const b = temp('b')
    const host = createHost({ stateDir })
    expect(await host.setProjectSettings(a, { python: '/opt/py/bin/python', runConfiguration: 'App' })).toEqual({ python: '/opt/py/bin/python', runConfiguration: 'App' })
    await host.setProjectSettings(b, { runConfiguration: 'Tests' })
    const again = createHost({ stateDir })
    expect(await again.getProjectSettings(a)).toEqual({ python: '/opt/py/bin/python', runConfiguration: 'App' })
    expect(await again.setProjectSettings(a, { python: null })).toEqual({ runConfiguration: 'App' })
    expect(await again.getProjectSettings(b)).toEqual({ runConfiguration: 'Tests' })
    await expect(again.getProjectSettings('relative/path')).rejects.toThrow(/absolute path/)
  })

  it("checks the project's interpreter instead of the user setting, and says what to do when it is gone", async () => {
    const { project, python } = projectWithVenv('3.12.4')
    const host = createHost({ stateDir: temp('state') })
    await host.setSettings({ python: '/no/such/user/python' })
    await host.openFolder(project)
    expect((await host.checkPython()).ok).toBe(false) // the user setting is used while the project has no choice
    await host.setProjectSettings(project, { python })
    expect(await host.checkPython()).toEqual({ ok: true, path: python, version: '3.12.4' })
    const listed = await host.listInterpreters(project)
    expect(listed[0]).toEqual({ path: python, source: 'project', name: '.venv', version: '3.12.4' })

    rmSync(join(project, '.venv'), { recursive: true })
    const check = await host.checkPython()
    expect(check).toMatchObject({
      ok: false,
      problem: `The interpreter chosen for this project cannot run your programs. Python interpreter not found: ${python} does not exist or is not executable.`,
      help: expect.stringMatching(/^Choose another one with the Python entry of the status bar.*python3 -m venv \.venv\.$/),
    })
    expect((await host.listInterpreters(project))[0]).toMatchObject({ path: python, source: 'chosen', problem: `${python} does not exist.` })
  })

  it('reads and adds launch.json configurations of the open folder only', async () => {
    const project = temp('project')
    const host = createHost({ stateDir: temp('state') })
    const entry = { name: 'App', type: 'debugpy', request: 'launch' as const, program: '${workspaceFolder}/app.py' }
    await expect(host.addRunConfiguration(project, entry)).rejects.toThrow(/Open .* before adding a configuration/)
    await host.openFolder(project)
    const added = await host.addRunConfiguration(project, entry)
    expect(added.name).toBe('App')
    expect(added.configurations.configurations.map((c) => [c.name, c.launch?.program])).toEqual([['App', join(project, 'app.py')]])
    expect(JSON.parse(readFileSync(join(project, '.vscode', 'launch.json'), 'utf8')).configurations).toEqual([entry])
    expect((await host.runConfigurations(project)).exists).toBe(true)
  })
})
