import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkPython, howToGetPython } from './probe'

/** A fake interpreter: a shell script that prints `output` and exits with `code`. */
function fakePython(output: string, code = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'bugscope-probe-'))
  const path = join(dir, 'python3')
  writeFileSync(path, `#!/bin/sh\necho '${output}'\nexit ${code}\n`)
  chmodSync(path, 0o755)
  return path
}

describe.skipIf(process.platform === 'win32')('checkPython (first run)', () => {
  it('finds python3 on PATH and reads its version', async () => {
    const check = await checkPython('')
    expect(check).toMatchObject({ ok: true, path: expect.stringMatching(/python3$/), version: expect.stringMatching(/^3\.\d+\.\d+$/) })
  })

  it('without any Python on PATH, says so and how to get one', async () => {
    const check = await checkPython('', { pathVar: mkdtempSync(join(tmpdir(), 'bugscope-empty-path-')), platform: 'linux' })
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.problem).toBe(
      "Bugscope needs Python 3.8 or newer to run your programs. Python interpreter 'python3' was not found on PATH. Install Python 3.8 or newer, or set the interpreter path in the Python field.",
    )
    expect(check.help).toMatch(/sudo apt install python3/)
  })

  it('refuses an interpreter older than 3.8, naming its version', async () => {
    const check = await checkPython(fakePython('3.7.17'))
    expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/is Python 3\.7\.17; Bugscope needs Python 3\.8 or newer\.$/) })
  })

  it('refuses a file that does not run as Python (such as the Microsoft Store alias)', async () => {
    const check = await checkPython(fakePython('Python was not found; run without arguments to install from the Microsoft Store', 9009))
    expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/does not run: Command failed/) })
  })

  it('says where to get Python on each system', () => {
    expect(howToGetPython('win32')).toMatch(/python\.org\/downloads\/windows\/.*Add python\.exe to PATH.*winget install/)
    expect(howToGetPython('darwin')).toMatch(/python\.org\/downloads\/macos\/.*brew install python/)
    expect(howToGetPython('linux')).toMatch(/apt install python3.*dnf install python3/)
    for (const p of ['win32', 'darwin', 'linux'] as const) expect(howToGetPython(p)).toMatch(/restart Bugscope, or enter the interpreter's path in the Python field/)
  })
})
