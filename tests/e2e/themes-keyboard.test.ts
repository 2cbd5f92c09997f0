// Themes and the keyboard in a real browser: the dark and light palettes (following prefers-color-scheme, or
// forced in the status bar) reach the workbench, the editor and the terminal; screenshots of a paused session in
// both go to test-artifacts/; Ctrl+Shift+F5 restarts a paused session; the shortcut list opens from the keyboard;
// Tab reaches the toolbar, the panels, the console and the status bar. Run `npm run build` first.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, repoRoot, useWorkbench, variable } from './workbenchFixture'

const ARTIFACTS = join(repoRoot, 'test-artifacts')

/** What the page functions below use of the browser (this project's Node typings have no DOM). */
interface PageElement {
  closest(selector: string): PageElement | null
  getAttribute(name: string): string | null
  readonly tagName: string
}
interface PageGlobals {
  document: {
    documentElement: { dataset: Record<string, string | undefined> }
    body: PageElement
    activeElement: PageElement | null
    querySelector(selector: string): PageElement | null
  }
  getComputedStyle(element: PageElement): { backgroundColor: string; color: string }
}

// Line 8 is the breakpoint.
const DEMO = `import sys


def average(values):
    total = 0
    for v in values:
        total += v
    return total / len(values)


if __name__ == "__main__":
    print("averaging", sys.argv[1:])
    print(average([3, 4, 8]))
`

describe.skipIf(!chromiumPath)('themes and keyboard', () => {
  const wb = useWorkbench({ 'demo.py': DEMO })
  const { q, waitFor, waitGone, waitUntil, waitForStatus, openFile, pageErrors } = wb
  let page: Page
  beforeAll(() => {
    page = wb.page
  })

  /** The computed backgrounds of the workbench (page and side panels), the editor and the terminal. */
  const colours = () =>
    page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as PageGlobals
      const css = (selector: string, property: 'backgroundColor' | 'color') => {
        const el = document.querySelector(selector)
        return el ? getComputedStyle(el)[property] : `<no ${selector}>`
      }
      return {
        theme: document.documentElement.dataset.theme,
        workbench: css('body', 'backgroundColor'),
        explorer: css('[data-testid="explorer"]', 'backgroundColor'),
        editor: css('[data-testid="editor"] .cm-editor', 'backgroundColor'),
        keyword: css('[data-testid="editor"] .cm-line span', 'color'),
        terminal: css('[data-testid="terminal"] .xterm-viewport', 'backgroundColor'),
        terminalText: css('[data-testid="terminal"] .xterm-rows', 'color'),
      }
    })
  const brightness = (rgb: string) => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number)
    return (r + g + b) / 3
  }
  const waitForTheme = (kind: string) =>
    waitUntil(`data-theme="${kind}"`, () => page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset.theme ?? ''), (v) => v === kind)

  it('follows the system colour scheme: dark and light show different workbench, editor and terminal colours', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await wb.openProject()
    await openFile('demo.py')
    await waitFor('[data-testid="terminal"] .xterm-rows')
    await waitForTheme('dark')
    const dark = await colours()

    await page.emulateMedia({ colorScheme: 'light' })
    await waitForTheme('light')
    const light = await colours()

    for (const part of ['workbench', 'explorer', 'editor', 'keyword', 'terminal', 'terminalText'] as const) {
      expect({ part, same: dark[part] === light[part] }).toEqual({ part, same: false })
    }
    for (const part of ['workbench', 'explorer', 'editor', 'terminal'] as const) {
      expect({ part, dark: brightness(dark[part]) < 60, light: brightness(light[part]) > 200 }).toEqual({ part, dark: true, light: true })
    }

    // The status bar's setting wins over the system: forced dark under a light system, then back to following it.
    await q('[data-testid="theme-setting"]').selectOption('dark')
    await waitForTheme('dark')
    expect((await colours()).editor).toBe(dark.editor)
    await q('[data-testid="theme-setting"]').selectOption('system')
    await waitForTheme('light')
  })

  it('pauses at a breakpoint; screenshots of it in both themes go to test-artifacts/', async () => {
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'return total / len(values)' }).click()
    await page.keyboard.press('F9')
    await waitFor('[data-testid="breakpoint"][data-line="8"]')
    await page.keyboard.press('F5')
    await waitFor(currentLine(8))
    await waitForStatus(/Paused/)
    await waitFor(variable('Locals/total'))
    await wb.waitForText('[data-testid="terminal"]', /averaging/)
    await waitFor('[data-testid="engine"]')

    mkdirSync(ARTIFACTS, { recursive: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await waitForTheme('dark')
    await page.screenshot({ path: join(ARTIFACTS, 'workbench-paused-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await waitForTheme('light')
    await page.screenshot({ path: join(ARTIFACTS, 'workbench-paused-light.png') })
  })

  it('Ctrl+Shift+F5 restarts the paused program, which stops at the breakpoint again', async () => {
    const pidOf = async () => /pid (\d+)/.exec((await q('[data-testid="engine"]').getAttribute('title')) ?? '')?.[1] ?? ''
    const first = await pidOf()
    expect(first).toMatch(/^\d+$/)
    await page.keyboard.press('Control+Shift+F5')
    await waitUntil('a new debuggee process', pidOf, (pid) => /^\d+$/.test(pid) && pid !== first)
    await waitFor(currentLine(8))
    await waitForStatus(/Paused/)
    await waitFor(variable('Locals/total'))
    // The terminal shows both runs' output.
    await wb.waitUntil('two runs in the terminal', () => wb.text('[data-testid="terminal"]'), (t) => t.split('averaging').length === 3)
  })

  it('opens the shortcut list from the keyboard (F1, Ctrl+K Ctrl+S), listing F5; Escape closes it', async () => {
    await q('[data-testid="console-input"]').focus()
    await page.keyboard.press('F1')
    await waitFor('[data-testid="shortcuts-dialog"]')
    expect(await q('[data-testid="shortcut"][data-keys="F5"]').innerText()).toMatch(/F5\s+Start debugging; continue when paused/)
    expect(await q('[data-testid="shortcut"][data-keys="Ctrl+Shift+F5"]').count()).toBe(1)
    await page.screenshot({ path: join(ARTIFACTS, 'shortcuts-light.png') })
    // The filter has the focus: typing narrows the list.
    await page.keyboard.type('restart')
    await waitUntil('only Restart listed', async () => (await q('[data-testid="shortcut"]').count()).toString(), (n) => n === '1')
    await page.keyboard.press('Escape')
    await waitGone('[data-testid="shortcuts-dialog"]')
    // The focus goes back where it was.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('data-testid'))).toBe('console-input')

    await page.keyboard.press('Control+K')
    await page.keyboard.press('Control+S')
    await waitFor('[data-testid="shortcuts-dialog"]')
    await page.keyboard.press('Escape')
    await waitGone('[data-testid="shortcuts-dialog"]')

    // The editor's keys come from the same table: Ctrl+F opens the find bar, Escape closes it.
    await q('[data-testid="editor"] .cm-content').focus()
    await page.keyboard.press('Control+F')
    await waitFor('[data-testid="editor"] .cm-search')
    await page.keyboard.press('Escape')
    await waitGone('[data-testid="editor"] .cm-search')
  })

  it('Tab reaches the toolbar, explorer, editor, call stack, console, terminal and status bar', async () => {
    // From the last control of the page (About, in the status bar) Tab goes round to the toolbar and on.
    await q('[data-testid="btn-about"]').focus()
    const reached = new Set<string>()
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab')
      const where = await page.evaluate(() => {
        const { document } = globalThis as unknown as PageGlobals
        const el = document.activeElement
        if (!el || el === document.body) return 'body'
        const region = el.closest('[data-testid="toolbar"], [data-testid="explorer"], [data-testid="editor"], [data-testid="callstack"], [data-testid="debug-console"], [data-testid="terminal"], footer')
        return region ? (region.getAttribute('data-testid') ?? region.tagName.toLowerCase()) : `other:${el.tagName}`
      })
      reached.add(where)
      if (where === 'footer' && reached.has('toolbar') && reached.size > 6) break
    }
    for (const region of ['toolbar', 'explorer', 'editor', 'callstack', 'debug-console', 'terminal', 'footer']) {
      expect({ region, reached: reached.has(region) }).toEqual({ region, reached: true })
    }
    // A focused stack frame opens with Enter, like a click.
    await q('[data-testid="frame"][data-name="<module>"]').focus()
    await page.keyboard.press('Enter')
    await waitFor(currentLine(13))
    await page.keyboard.press('Shift+F5')
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(pageErrors).toEqual([])
  })
})
