// Files changed on disk by another program while they are open, in a real browser: a clean editor takes the new
// text (its breakpoints stay on their lines), an editor with unsaved changes shows the bar and "Reload" takes the
// text on disk; closing an unsaved tab asks (Escape/Cancel keep it, Enter saves), and the page asks before it is
// left while a file is unsaved. Run `npx electron-vite build` first.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

const tab = (name: string) => `[data-testid="editor-tab"][data-path$="/${name}"]`
const dirtyMark = (name: string) => `${tab(name)} [data-testid="editor-tab-dirty"]`
const content = '[data-testid="editor"] .cm-content'
const bp = (line: number) => `[data-testid="breakpoint"][data-line="${line}"]`
const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`

/** Dispatches a cancelable beforeunload in the page: whether the workbench would keep the user from leaving. */
const unloadWouldAsk = (wb: { page: { evaluate<T>(fn: () => T): Promise<T> } }) =>
  wb.page.evaluate(() => {
    const g = globalThis as unknown as { dispatchEvent(e: unknown): boolean; Event: new (type: string, init: object) => { defaultPrevented: boolean } }
    const e = new g.Event('beforeunload', { cancelable: true })
    g.dispatchEvent(e)
    return e.defaultPrevented
  })

describe.skipIf(!chromiumPath)('files changed on disk', () => {
  const wb = useWorkbench({
    'clean.py': 'a = 1\nb = 2\nc = 3\n',
    'dirty.py': 'd = 1\n',
    'close.py': 'e = 1\n',
  })

  it('a clean editor shows the text written to disk by another program; its breakpoint stays on its line', async () => {
    const { q, waitFor, waitForText } = wb
    await wb.openProject()
    await wb.openFile('clean.py')
    await q(slot(2)).click()
    await waitFor(bp(2))
    writeFileSync(join(wb.project, 'clean.py'), '# formatted\na = 1\nb = 2\nc = 3\n')
    await waitForText(content, /# formatted\s+a = 1\s+b = 2/)
    expect(await q(dirtyMark('clean.py')).count()).toBe(0)
    expect(await q(bp(2)).count()).toBe(1) // a new version of the file, not lines typed above it
  }, 20_000)

  it('an editor with unsaved changes shows the bar, and Reload takes the text on disk', async () => {
    const { q, page, waitFor, waitGone, waitForText } = wb
    await wb.openFile('dirty.py')
    await q(`${content} .cm-line`).first().click()
    await page.keyboard.press('End')
    await page.keyboard.type('  # mine')
    await waitFor(dirtyMark('dirty.py'))
    expect(await unloadWouldAsk(wb)).toBe(true) // leaving now would lose "# mine"
    writeFileSync(join(wb.project, 'dirty.py'), 'd = 2  # theirs\n')
    await waitFor('[data-testid="disk-changed-bar"]')
    expect(await wb.text('[data-testid="disk-changed-bar"]')).toMatch(/dirty\.py changed on disk/)
    expect(await wb.text(content)).toContain('# mine') // nothing is lost until the user says so
    await q('[data-testid="disk-reload"]').click()
    await waitGone('[data-testid="disk-changed-bar"]')
    await waitForText(content, /^d = 2 {2}# theirs\s*$/)
    await waitGone(dirtyMark('dirty.py'))
    expect(await unloadWouldAsk(wb)).toBe(false)
  }, 20_000)

  it('closing an unsaved tab asks: Cancel and Escape keep it, Enter saves it and closes it', async () => {
    const { q, page, waitFor, waitGone } = wb
    await wb.openFile('close.py')
    await q(`${content} .cm-line`).first().click()
    await page.keyboard.press('End')
    await page.keyboard.type('0')
    await waitFor(dirtyMark('close.py'))
    await q(`${tab('close.py')} [data-testid="editor-tab-close"]`).click()
    await waitFor('[data-testid="unsaved-dialog"]')
    expect(await wb.text('[data-testid="unsaved-dialog"]')).toMatch(/Save the changes to close\.py\?/)
    await q('[data-testid="prompt-cancel"]').click()
    await waitGone('[data-testid="unsaved-dialog"]')
    expect(await q(tab('close.py')).count()).toBe(1)
    expect(await q(dirtyMark('close.py')).count()).toBe(1)

    await q(`${tab('close.py')} [data-testid="editor-tab-close"]`).click()
    await waitFor('[data-testid="unsaved-dialog"]')
    await page.keyboard.press('Escape')
    await waitGone('[data-testid="unsaved-dialog"]')
    expect(await q(tab('close.py')).count()).toBe(1)

    await q(`${tab('close.py')} [data-testid="editor-tab-close"]`).click()
    await waitFor('[data-testid="unsaved-dialog"]')
    await page.keyboard.press('Enter')
    await waitGone(tab('close.py'))
    expect(readFileSync(join(wb.project, 'close.py'), 'utf8')).toBe('e = 10\n')
  }, 20_000)

  it("a deleted file's tab is marked deleted, keeps its text, and Ctrl+S writes it again", async () => {
    const { q, page, waitFor, waitGone } = wb
    await q(tab('clean.py')).click()
    rmSync(join(wb.project, 'clean.py'))
    await waitFor(`${tab('clean.py')} [data-testid="editor-tab-deleted"]`)
    expect(await wb.text(content)).toContain('# formatted')
    await q(`${content} .cm-line`).first().click()
    await page.keyboard.press('Control+S')
    await waitGone(`${tab('clean.py')} [data-testid="editor-tab-deleted"]`)
    expect(readFileSync(join(wb.project, 'clean.py'), 'utf8')).toBe('# formatted\na = 1\nb = 2\nc = 3\n')
  }, 20_000)

  it('the browser itself asks before the page is left with unsaved changes', async () => {
    const { q, page, waitFor } = wb
    await q(`${content} .cm-line`).first().click()
    await page.keyboard.type('x') // also the user activation Chromium needs before it shows a beforeunload dialog
    await waitFor(dirtyMark('clean.py'))
    const asked: string[] = []
    page.once('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.dismiss() // Stay
    })
    // Reloading (as closing) runs beforeunload; staying means the reload never finishes.
    await page.reload({ timeout: 2000 }).catch(() => undefined)
    expect(asked).toEqual(['beforeunload'])
    expect(await q(dirtyMark('clean.py')).count()).toBe(1) // still the same page, with the unsaved text
    expect(wb.pageErrors).toEqual([])
  }, 20_000)
})
