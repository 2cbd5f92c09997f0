// Run configurations from .vscode/launch.json and the project's interpreter, in a real browser against the real
// host, adapter and Python. Run `npm run build` first.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('run configuration e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

const APP = `import os
import sys

print("args:", sys.argv[1:])
print("mode:", os.environ.get("MODE"))
print("exe:", sys.executable)
`

const LAUNCH_JSON = `{
    // Written by hand: the comments and trailing commas stay when a configuration is added.
    "version": "0.2.0",
    "configurations": [
        {
            "name": "App with args",
            "type": "debugpy",
            "request": "launch",
            "program": "\${workspaceFolder}/app.py",
            "args": ["--alpha", "\${fileBasenameNoExtension}"],
            "envFile": "\${workspaceFolder}/.env.test",
        },
        { "name": "Remote", "type": "debugpy", "request": "attach", "connect": { "port": 5678 } },
    ],
}
`

describe.skipIf(!chromiumPath)('run configurations and interpreters in a browser', () => {
  const wb = useWorkbench({ 'app.py': APP, 'other.py': 'print("other ran")\n', '.env.test': 'MODE=from-env-file\n', '.vscode/launch.json': LAUNCH_JSON })
  const { q, waitFor, text, waitForText, waitForStatus, openFile } = wb
  const options = () => q('[data-testid="run-configuration"] option').allInnerTexts()
  const runToEnd = async () => {
    await waitForStatus(/exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
  }

  it("lists launch.json's configurations, and F5 runs the chosen one with its args and envFile", async () => {
    await wb.openProject()
    await waitFor('[data-testid="run-configuration"]')
    await wb.waitUntil('the configurations', async () => (await options()).join('|'), (v) => v.includes('App with args'))
    expect(await options()).toEqual(['Debug current file', 'App with args', 'Remote (attach)', 'Add configuration…'])
    expect(await q('[data-testid="run-configuration"]').inputValue()).toBe('') // no launch.json choice yet: the current file
    await q('[data-testid="run-configuration"]').selectOption('App with args')
    await openFile('other.py') // ${fileBasenameNoExtension} comes from the active editor
    await wb.page.keyboard.press('F5')
    await runToEnd()
    const terminal = await text('[data-testid="terminal"]')
    expect(terminal).toContain("args: ['--alpha', 'other']")
    expect(terminal).toContain('mode: from-env-file')
    expect(terminal).not.toContain('other ran')
  })

  it('adds a configuration to launch.json, keeping what was there, and chooses it', async () => {
    await q('[data-testid="run-configuration"]').selectOption('Add configuration…')
    await waitFor('[data-testid="add-config-dialog"]')
    await q('[data-testid="add-config-thisFile"]').check()
    await q('[data-testid="add-config-name"]').fill('Other file')
    await q('[data-testid="add-config-args"]').fill('--beta "two words"')
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-add-configuration.png') })
    await q('[data-testid="add-config-ok"]').click()
    await wb.waitGone('[data-testid="add-config-dialog"]')
    await waitFor(`[data-testid="editor"][data-path="${join(wb.project, '.vscode', 'launch.json')}"]`)
    expect(await q('[data-testid="run-configuration"]').inputValue()).toBe('Other file')
    const written = readFileSync(join(wb.project, '.vscode', 'launch.json'), 'utf8')
    expect(written).toContain('// Written by hand: the comments and trailing commas stay')
    expect(written).toContain('"program": "${workspaceFolder}/other.py"')
    expect(written.indexOf('"name": "Remote"')).toBeLessThan(written.indexOf('"name": "Other file"'))
  })

  it("lists the project's .venv in the interpreter picker; the choice runs the program and is remembered", async () => {
    // A stand-in environment: the real interpreter under .venv/bin (sys.executable keeps the link's path).
    const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
    const venvPython = join(wb.project, '.venv', 'bin', 'python')
    mkdirSync(join(wb.project, '.venv', 'bin'), { recursive: true })
    symlinkSync(real, venvPython)
    const version = execFileSync(real, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' }).trim()

    await q('[data-testid="interpreter-status"]').click()
    await waitFor('[data-testid="interpreter-picker"]')
    const venv = `[data-testid="interpreter"][data-source="project"][data-path="${venvPython}"]`
    await waitFor(venv)
    expect(await text(venv)).toContain(`Python ${version}`)
    expect(await text(venv)).toContain('.venv')
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-interpreter-picker.png') })
    await q(venv).click()
    await wb.waitGone('[data-testid="interpreter-picker"]')
    await waitForText('[data-testid="interpreter-status"]', new RegExp(`Python ${version.replace(/\./g, '\\.')} \\(\\.venv\\)`))

    await q('[data-testid="run-configuration"]').selectOption('App with args')
    await wb.page.keyboard.press('F5')
    await runToEnd()
    // xterm wraps long lines: compare without the line breaks.
    await wb.waitUntil('the .venv interpreter to run it', async () => (await text('[data-testid="terminal"]')).replace(/\n/g, ''), (t) => t.includes(`exe: ${venvPython}Process exited`))

    // A reload forgets the page; the host remembers the project's interpreter and configuration.
    await wb.page.reload()
    await q(`[data-testid="recent-folder"][data-path="${wb.project}"]`).click()
    await waitForText('[data-testid="interpreter-status"]', /\(\.venv\)/)
    await wb.waitUntil('the remembered configuration', () => q('[data-testid="run-configuration"]').inputValue(), (v) => v === 'App with args')
  })

  it('shows the line of a broken launch.json, and F5 still debugs the current file', async () => {
    writeFileSync(join(wb.project, '.vscode', 'launch.json'), '{\n  "configurations": [\n    { "name": "x", "type": "debugpy"\n      "request": "launch" }\n  ]\n}\n')
    await openFile('other.py')
    await wb.page.keyboard.press('F5')
    await runToEnd()
    await waitForText('[data-testid="terminal"]', /other ran/)
    await waitForText('[data-testid="launch-json-error"]', /launch\.json:4/)
    expect(await text('[data-testid="error-banner"] .notification-text')).toBe(
      `.vscode/launch.json is not valid JSON: line 4, column 7: expected ',' or '}' after the value of "type", found '"'. "Debug current file" still works.`,
    )
    expect(await options()).toEqual(['Debug current file', 'Add configuration…'])
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-launch-json-error.png') })
    expect(wb.pageErrors).toEqual([])
  })
})
