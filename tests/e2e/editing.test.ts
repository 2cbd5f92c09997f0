// Editing in a real browser: typed text marks the tab unsaved, Ctrl+S writes it to disk through the host, and a
// breakpoint follows its line when lines are inserted above it, so the program stops where the marker is.
// Run `npm run build` first.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench } from './workbenchFixture'

const PROGRAM = `x = 1
y = 2
z = 3
w = 4
total = x + y + z + w
print("total", total)
`

const bp = (line: number) => `[data-testid="breakpoint"][data-line="${line}"]`
const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const tab = '[data-testid="editor-tab"][data-path$="/sum.py"]'

describe.skipIf(!chromiumPath)('editing', () => {
  const wb = useWorkbench({ 'sum.py': PROGRAM })

  it('saves typed text with Ctrl+S and moves a breakpoint down with the lines inserted above it', async () => {
    const { q, waitFor, waitGone, waitForStatus, page } = wb
    await wb.openProject()
    await wb.openFile('sum.py')
    await q(slot(5)).click()
    await waitFor(bp(5))

    // Two lines typed at the start of line 2.
    await q('[data-testid="editor"] .cm-line').nth(1).click()
    await page.keyboard.press('Home')
    await page.keyboard.type('a = 10')
    await page.keyboard.press('Enter')
    await page.keyboard.type('b = 20')
    await page.keyboard.press('Enter')
    await waitFor(`${tab} [data-testid="editor-tab-dirty"]`)
    await waitFor(bp(7))
    expect(await q(bp(5)).count()).toBe(0)
    expect(await q('[data-testid="breakpoint-row"]').count()).toBe(1)

    await page.keyboard.press('Control+S')
    await waitGone(`${tab} [data-testid="editor-tab-dirty"]`)
    expect(readFileSync(join(wb.project, 'sum.py'), 'utf8')).toBe(`x = 1\na = 10\nb = 20\ny = 2\nz = 3\nw = 4\ntotal = x + y + z + w\nprint("total", total)\n`)

    await page.keyboard.press('F5')
    await waitFor(currentLine(7))
    await waitForStatus(/Paused/)
    await page.keyboard.press('F5')
    await wb.waitForText('[data-testid="terminal"]', /total 10\b[\s\S]*exited with code 0/)
    expect(wb.pageErrors).toEqual([])
  }, 20_000)
})
