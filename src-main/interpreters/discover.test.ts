import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findInterpreters, InterpreterCatalog } from './discover'

/** A fake interpreter: a shell script that prints `version` (and counts its runs in `<path>.runs`). */
function fakePython(path: string, version: string, extra = ''): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `#!/bin/sh\necho run >> '${path}.runs'\n${extra}\necho '${version}'\n`)
  chmodSync(path, 0o755)
  return path
}

/** A machine: a home with pyenv and conda, a project with its environments, and PATH directories. */
function fakeMachine() {
  const base = mkdtempSync(join(tmpdir(), 'bugscope-discover-'))
  const home = join(base, 'home')
  const project = join(base, 'project')
  const bin = join(base, 'usr-bin')
  const local = join(base, 'local-bin')
  const pyenv = join(home, '.pyenv')
  fakePython(join(project, '.venv', 'bin', 'python'), '3.12.1')
  fakePython(join(project, 'env', 'bin', 'python3'), '3.10.13')
  mkdirSync(join(project, 'venv')) // not an environment: no interpreter inside
  fakePython(join(pyenv, 'versions', '3.9.18', 'bin', 'python'), '3.9.18')
  fakePython(join(pyenv, 'versions', '3.12.1', 'bin', 'python'), '3.12.1')
  fakePython(join(pyenv, 'versions', '3.7.17', 'bin', 'python'), '3.7.17')
  fakePython(join(pyenv, 'shims', 'python3'), '3.12.1')
  fakePython(join(home, 'miniconda3', 'bin', 'python'), '3.11.5')
  fakePython(join(home, 'miniconda3', 'envs', 'ml', 'bin', 'python'), '3.10.4')
  fakePython(join(base, 'elsewhere', 'tools', 'bin', 'python'), '3.13.0')
  fakePython(join(base, 'active', 'bin', 'python'), '3.11.9')
  mkdirSync(join(home, '.conda'))
  writeFileSync(join(home, '.conda', 'environments.txt'), `${join(base, 'elsewhere', 'tools')}\n${join(home, 'miniconda3', 'envs', 'ml')}\n`)
  fakePython(join(bin, 'python3.11'), '3.11.2')
  symlinkSync(join(bin, 'python3.11'), join(bin, 'python3')) // one interpreter, two names
  fakePython(join(bin, 'python3-config'), 'not a python')
  fakePython(join(local, 'python3.10'), '', 'echo "broken: no module encodings" >&2; exit 1')
  fakePython(join(local, 'python3.8'), '3.8.18', 'sleep 5')
  const env = { PATH: [join(pyenv, 'shims'), local, bin, join(base, 'missing')].join(':'), PYENV_ROOT: pyenv, CONDA_PREFIX: join(base, 'active') }
  return { base, home, project, bin, local, pyenv, env }
}

describe.skipIf(process.platform === 'win32')('interpreter discovery', () => {
  it("finds the project's environments, pyenv's versions, conda's environments and PATH's python3.X, each once", async () => {
    const m = fakeMachine()
    const found = await findInterpreters(m.project, { env: m.env, home: m.home })
    expect(found).toEqual([
      { path: join(m.project, '.venv', 'bin', 'python'), source: 'project', name: '.venv' },
      { path: join(m.project, 'env', 'bin', 'python3'), source: 'project', name: 'env' },
      { path: join(m.pyenv, 'versions', '3.12.1', 'bin', 'python'), source: 'pyenv', name: '3.12.1' },
      { path: join(m.pyenv, 'versions', '3.9.18', 'bin', 'python'), source: 'pyenv', name: '3.9.18' },
      { path: join(m.pyenv, 'versions', '3.7.17', 'bin', 'python'), source: 'pyenv', name: '3.7.17' },
      { path: join(m.base, 'elsewhere', 'tools', 'bin', 'python'), source: 'conda', name: 'base (tools)' },
      { path: join(m.home, 'miniconda3', 'envs', 'ml', 'bin', 'python'), source: 'conda', name: 'ml' },
      { path: join(m.home, 'miniconda3', 'bin', 'python'), source: 'conda', name: 'base (miniconda3)' },
      { path: join(m.base, 'active', 'bin', 'python'), source: 'conda', name: 'base (active)' },
      // pyenv's shims are not listed; python3 and python3.11 are the same file, listed once.
      { path: join(m.local, 'python3.10'), source: 'path', name: 'python3.10' },
      { path: join(m.local, 'python3.8'), source: 'path', name: 'python3.8' },
      { path: join(m.bin, 'python3'), source: 'path', name: 'python3' },
    ])
    expect(await findInterpreters(null, { env: { PATH: '' }, home: join(m.base, 'nobody') })).toEqual([])
  })

  it('reads every version in parallel, within a time limit, and says why one cannot be used', async () => {
    const m = fakeMachine()
    const catalog = new InterpreterCatalog({ env: m.env, home: m.home, timeoutMs: 1_500 })
    const started = Date.now()
    const list = await catalog.list(m.project)
    expect(Date.now() - started).toBeLessThan(4_000) // not one after another: the slow one alone takes 1.5 s
    const byName = Object.fromEntries(list.map((i) => [i.name, i]))
    expect(byName['.venv']).toMatchObject({ version: '3.12.1' })
    expect(byName['.venv'].problem).toBeUndefined()
    expect(byName['ml']).toMatchObject({ version: '3.10.4' })
    expect(byName['python3']).toMatchObject({ version: '3.11.2' })
    expect(byName['3.7.17']).toMatchObject({ version: '3.7.17', problem: 'Python 3.7.17 is too old: Bugscope needs 3.8 or newer.' })
    expect(byName['python3.10'].version).toBeUndefined()
    expect(byName['python3.10'].problem).toBe(`The Python interpreter ${join(m.local, 'python3.10')} does not run: broken: no module encodings`)
    expect(byName['python3.8'].problem).toMatch(/does not run: it did not answer within 1.5 s$/)
  })

  it('remembers versions until the executable changes, and lists the chosen path even when nothing finds it', async () => {
    const m = fakeMachine()
    const catalog = new InterpreterCatalog({ env: { PATH: '' }, home: m.home, timeoutMs: 3_000 })
    const venv = join(m.project, '.venv', 'bin', 'python')
    const runs = () => readFileSync(`${venv}.runs`, 'utf8').split('\n').filter(Boolean).length
    await catalog.list(m.project)
    await catalog.list(m.project)
    expect(runs()).toBe(1)
    fakePython(venv, '3.12.2')
    utimesSync(venv, new Date(), new Date(Date.now() + 5_000))
    expect((await catalog.list(m.project)).find((i) => i.path === venv)?.version).toBe('3.12.2')

    const list = await catalog.list(m.project, '/opt/gone/bin/python')
    expect(list[0]).toEqual({ path: '/opt/gone/bin/python', source: 'chosen', name: 'python', problem: '/opt/gone/bin/python does not exist.' })
  })
})
