// First run without Python, in a real browser: the workbench says what is wrong and how to get Python, F5 still
// gives a clear error, and "Check again" (or a changed interpreter setting) clears the notice once Python is there.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { howToGetPython } from '../../src-main/interpreters/probe'
import { chromiumPath, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('python-check e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

describe.skipIf(!chromiumPath || process.platform === 'win32')('No Python on first run', () => {
  // The interpreter setting names a Python that is not installed yet; the test "installs" it later.
  const installDir = join(mkdtempSync(join(tmpdir(), 'bugscope-e2e-later-')), 'bin')
  const later = join(installDir, 'python3')
  const wb = useWorkbench({ 'main.py': 'print("hello")\n' }, { settings: { python: later } })
  afterAll(() => rmSync(join(installDir, '..'), { recursive: true, force: true }))
  const notice = '[data-testid="python-notice"]'

  it('shows what is wrong and how to get Python, without blocking the workbench', async () => {
    await wb.waitFor(notice)
    expect(await wb.text('[data-testid="python-problem"]')).toBe(
      `Bugscope needs Python 3.8 or newer to run your programs. Python interpreter not found: ${later} does not exist or is not executable. Fix the path in the Python field.`,
    )
    expect(await wb.text('[data-testid="python-help"]')).toBe(howToGetPython())
    expect(await wb.text(notice)).toMatch(/Check again/)
    // Not a dialog: the folder opens and the file shows while the notice stays.
    await wb.openProject()
    await wb.openFile('main.py')
    await wb.waitFor(notice)
  })

  it('F5 without Python still fails with a clear error', async () => {
    await wb.page.keyboard.press('F5')
    await wb.waitUntil('the launch error', () => wb.text('[data-testid="error-banner"]'), (text) => text.includes(`${later} does not exist`))
    await wb.waitFor('[data-testid="btn-start"]:not([disabled])')
    for (const close of await wb.q('[data-testid="error-dismiss"]').all()) await close.click()
  })

  it('"Check again" clears the notice once the interpreter the setting names is there', async () => {
    const python3 = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim()
    mkdirSync(installDir, { recursive: true })
    symlinkSync(python3, later)
    await wb.q('[data-testid="python-check-again"]').click()
    await wb.waitGone(notice)
  })

  it('checks again when the interpreter setting changes', async () => {
    await wb.q('[data-testid="python-path"]').fill('/nonexistent/bin/python3')
    await wb.q('[data-testid="python-path"]').press('Enter')
    await wb.waitForText('[data-testid="python-problem"]', /\/nonexistent\/bin\/python3 does not exist/)
    await wb.q('[data-testid="python-path"]').fill('')
    await wb.q('[data-testid="python-path"]').press('Enter')
    await wb.waitGone(notice)
    expect(wb.pageErrors).toEqual([])
    expect(wb.cspViolations).toEqual([])
  })
})
