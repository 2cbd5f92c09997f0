import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHost, type SecretStore } from './host'

const temp = (name: string) => mkdtempSync(join(tmpdir(), `bugscope-host-${name}-`))
/** A stand-in for the OS keychain: reversible, and visibly not the plain token. */
const keychain: SecretStore = {
  encrypt: (plain) => Buffer.from(plain).reverse().toString('base64'),
  decrypt: (cipher) => Buffer.from(cipher, 'base64').reverse().toString(),
}
const target = { host: '10.1.2.3', port: 5678, tls: true, tlsFingerprint: 'AA:BB', pathMappings: [{ localRoot: '/l', remoteRoot: '/r' }] }

describe('host: attach targets', () => {
  it('remembers a target with its token only through the keychain, never in plain text', async () => {
    const stateDir = temp('state')
    const host = createHost({ stateDir, secrets: keychain })
    await host.rememberAttachTarget({ ...target, token: 's3cret-token' })
    expect(readFileSync(join(stateDir, 'state.json'), 'utf8')).not.toContain('s3cret-token')
    const choices = await createHost({ stateDir, secrets: keychain }).attachChoices()
    expect(choices.canStoreTokens).toBe(true)
    expect(choices.recent).toEqual([{ ...target, token: 's3cret-token' }])
  })

  it('keeps no token at all where there is no keychain (browser mode)', async () => {
    const stateDir = temp('state')
    const host = createHost({ stateDir })
    await host.rememberAttachTarget({ ...target, token: 's3cret-token' })
    expect(readFileSync(join(stateDir, 'state.json'), 'utf8')).not.toContain('s3cret')
    const choices = await host.attachChoices()
    expect(choices.canStoreTokens).toBe(false)
    expect(choices.recent).toEqual([target])
  })

  it('suggests path mappings from remote paths matched against the open folder', async () => {
    const project = temp('project')
    mkdirSync(join(project, 'pkg'))
    writeFileSync(join(project, 'main.py'), '')
    writeFileSync(join(project, 'pkg', 'util.py'), '')
    const host = createHost({ stateDir: temp('state') })
    expect(await host.suggestPathMappings(['/srv/app/main.py'])).toEqual([]) // no folder open yet
    await host.openFolder(project)
    expect(await host.suggestPathMappings(['/srv/app/main.py', '/srv/app/pkg/util.py', '/usr/lib/python3/os.py'])).toEqual([
      { localRoot: project, remoteRoot: '/srv/app' },
    ])
  })

  it("lists the open folder's launch.json attach configurations and reports a broken one as a problem", async () => {
    const project = temp('project')
    mkdirSync(join(project, '.vscode'))
    writeFileSync(join(project, '.vscode', 'launch.json'), '{ "configurations": [ { "type": "python", "request": "attach", "name": "A", "connect": { "port": 5678 } } ] }')
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(project)
    expect((await host.attachChoices()).configurations.map((c) => c.name)).toEqual(['A'])
    writeFileSync(join(project, '.vscode', 'launch.json'), '{ broken')
    const choices = await host.attachChoices()
    expect(choices.configurations).toEqual([])
    expect(choices.problems.join('\n')).toMatch(/launch.json is not valid JSON/)
  })
})

describe.skipIf(process.platform === 'win32')('host: checkPython (first run)', () => {
  afterEach(() => vi.unstubAllEnvs())
  const python3 = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim()
  const python3Version = execFileSync(python3, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' }).trim()

  it('without any Python on PATH, says what is wrong and how to get one', async () => {
    vi.stubEnv('PATH', temp('empty-path'))
    const check = await createHost({ stateDir: temp('state') }).checkPython()
    expect(check).toEqual({
      ok: false,
      problem: expect.stringMatching(/^Bugscope needs Python 3\.8 or newer to run your programs\. Python interpreter 'python3' was not found on PATH\./),
      help: expect.stringMatching(/Install .*python3.* Then restart Bugscope, or enter the interpreter's path in the Python field/),
    })
  })

  it("with the default setting, finds python3 on PATH and answers its version", async () => {
    expect(await createHost({ stateDir: temp('state') }).checkPython()).toEqual({ ok: true, path: python3, version: python3Version })
  })

  it('checks the interpreter the settings name, a relative path from the open folder', async () => {
    const host = createHost({ stateDir: temp('state') })
    await host.setSettings({ python: '/no/such/python3' })
    expect(await host.checkPython()).toMatchObject({ ok: false, problem: expect.stringContaining('/no/such/python3 does not exist') })
    const project = temp('project')
    mkdirSync(join(project, 'venv'))
    symlinkSync(python3, join(project, 'venv', 'python'))
    await host.openFolder(project)
    await host.setSettings({ python: './venv/python' })
    expect(await host.checkPython()).toEqual({ ok: true, path: join(project, 'venv', 'python'), version: python3Version })
  })
})

describe('host: writeFile', () => {
  it('saves a file of the open folder through a temporary file renamed over it, keeping its permissions', async () => {
    const folder = temp('save')
    const file = join(folder, 'main.py')
    writeFileSync(file, 'x = 1\n', { mode: 0o750 })
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(folder)
    const { ino } = statSync(file)
    await host.writeFile(file, 'x = 2\n')
    expect(readFileSync(file, 'utf8')).toBe('x = 2\n')
    expect(statSync(file).ino).not.toBe(ino) // a new file renamed into place, not the old one truncated
    expect(statSync(file).mode & 0o777).toBe(0o750)
    expect(readdirSync(folder)).toEqual(['main.py']) // no temporary file left behind
    await host.writeFile(join(folder, 'new.py'), 'y = 1\n')
    expect(readFileSync(join(folder, 'new.py'), 'utf8')).toBe('y = 1\n')
    await host.dispose()
  })

  it('refuses files outside the open folder unless they were opened, and files over 5 MB', async () => {
    const folder = temp('inside')
    const outside = temp('outside')
    const opened = join(outside, 'lib.py')
    writeFileSync(opened, 'a = 1\n')
    writeFileSync(join(outside, 'other.py'), 'b = 1\n')
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(folder)
    await expect(host.writeFile(join(outside, 'other.py'), 'evil')).rejects.toThrow(/outside the open folder and was not opened/)
    await expect(host.writeFile(join(folder, '..', basename(outside), 'other.py'), 'evil')).rejects.toThrow(/outside the open folder/)
    await expect(host.writeFile('relative.py', 'x')).rejects.toThrow(/absolute path/)
    expect(readFileSync(join(outside, 'other.py'), 'utf8')).toBe('b = 1\n')
    await host.readFile(opened)
    await host.writeFile(opened, 'a = 2\n')
    expect(readFileSync(opened, 'utf8')).toBe('a = 2\n')
    await expect(host.writeFile(join(folder, 'big.py'), 'x'.repeat(5 * 1024 * 1024 + 1))).rejects.toThrow(/larger than 5 MB/)
    expect(readdirSync(folder)).toEqual([])
    await host.dispose()
  })
})

describe('host: settings files', () => {
  it('opens the user settings.json for the editor: created with the values in force, then saved with writeFile and in force at once', async () => {
    const stateDir = temp('state')
    const host = createHost({ stateDir })
    await host.setSettings({ theme: 'dark' })
    const path = await host.openSettingsFile('user')
    expect(path).toBe(join(stateDir, 'settings.json'))
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ theme: 'dark' })
    await host.openFolder(temp('project')) // the file is outside the open folder, and was not read: still allowed
    await host.writeFile(path, '{\n  "theme": "light", // by hand\n}\n')
    expect(await host.getSettings()).toEqual({ python: '', theme: 'light' })
    await host.dispose()
  })

  it("answers the open project's overrides in getSettings, and reports a broken file with its line without losing it", async () => {
    const project = temp('project')
    mkdirSync(join(project, '.bugscope'))
    writeFileSync(join(project, '.bugscope', 'settings.json'), '{ "stepBack": true }')
    const host = createHost({ stateDir: temp('state') })
    expect((await host.getSettings()).stepBack).toBeUndefined()
    await host.openFolder(project)
    expect(await host.getSettings()).toEqual({ python: '', stepBack: true })
    expect((await host.settingsFiles()).project).toEqual({ path: join(project, '.bugscope', 'settings.json'), exists: true, broken: false, problems: [] })
    writeFileSync(join(project, '.bugscope', 'settings.json'), '{\n  "stepBack": yes\n}')
    expect((await host.getSettings()).stepBack).toBe(true)
    const files = await host.settingsFiles()
    expect(files.user.exists).toBe(false)
    expect(files.project?.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^\.bugscope\/settings\.json line 2, column 15: /)])
    await expect(host.setSettings({ stepBack: false })).rejects.toThrow(/not saved/)
    expect(readFileSync(join(project, '.bugscope', 'settings.json'), 'utf8')).toBe('{\n  "stepBack": yes\n}')
    await host.dispose()
  })

  it('does not create the project settings file by opening a folder, only when asked to open it', async () => {
    const project = temp('project')
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(project)
    await host.getProjectSettings(project)
    await host.getSettings()
    expect(readdirSync(project)).toEqual([])
    expect(await host.openSettingsFile('project')).toBe(join(project, '.bugscope', 'settings.json'))
    expect(readFileSync(join(project, '.bugscope', 'settings.json'), 'utf8')).toBe('{}\n')
    await host.dispose()
  })
})
