// The settings files in a real browser: Ctrl+, opens the user's settings.json in the editor, and saving "theme":
// "light" there turns the workbench light at once; a broken project .bugscope/settings.json is reported with its
// line, shown at that line, and kept as it was. Run `npx electron-vite build` first.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } }
}

const BROKEN_PROJECT_SETTINGS = '{\n  "runConfiguration": "App",\n  "justMyCode": flase\n}\n'

describe.skipIf(!chromiumPath)('settings files', () => {
  const wb = useWorkbench({ 'demo.py': 'print("hello")\n', '.bugscope/settings.json': BROKEN_PROJECT_SETTINGS })
  const { q, waitFor, waitForText, waitUntil, pageErrors } = wb
  let page: Page
  beforeAll(() => {
    page = wb.page
  })
  const theme = () => page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset.theme ?? '')

  it('Ctrl+, opens the user settings.json; saving "theme": "light" in the editor turns the workbench light', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await waitUntil('the dark theme', theme, (v) => v === 'dark')
    await page.keyboard.press('Control+Comma')
    const editor = '[data-testid="editor"][data-path$="/settings.json"] .cm-content'
    await waitFor(editor)
    await waitForText(editor, /\{\}/)
    await q(editor).click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText('{\n  // by hand\n  "theme": "light",\n}\n')
    await page.keyboard.press('Control+S')
    await waitUntil('the light theme', theme, (v) => v === 'light')
    const path = await q('[data-testid="editor"][data-path$="/settings.json"]').first().getAttribute('data-path')
    expect(readFileSync(path!, 'utf8')).toBe('{\n  // by hand\n  "theme": "light",\n}\n')
    // The status bar's setting shows the file's value.
    expect(await q('[data-testid="theme-setting"]').inputValue()).toBe('light')
  })

  it("reports a broken project settings file with its line, shows that line, and keeps the file as it was", async () => {
    await wb.openProject()
    await waitForText('[data-testid="settings-problem"]', /\.bugscope\/settings\.json line 3, column 17/)
    await waitForText('[data-testid="error-banner"]', /\.bugscope\/settings\.json line 3, column 17: expected a value.*The last good settings stay in force/)
    await q('[data-testid="settings-problem"]').click()
    await waitFor('[data-testid="editor"][data-path$="/.bugscope/settings.json"] .cm-content')
    // The workbench's own toggles cannot write over it.
    expect(readFileSync(join(wb.project, '.bugscope', 'settings.json'), 'utf8')).toBe(BROKEN_PROJECT_SETTINGS)
    // The menu lists both files.
    await q('[data-testid="btn-settings"]').click()
    await waitForText('[data-testid="menu-project-settings"]', /Open Project Settings \(JSON\)/)
    expect(await q('[data-testid="menu-user-settings"]').innerText()).toMatch(/Open User Settings \(JSON\)\s*Ctrl\+,/)
    expect(pageErrors).toEqual([])
  })
})
