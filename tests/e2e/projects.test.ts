// Projects in a real browser: files created and deleted on disk appear in and leave the explorer without a
// refresh; Ctrl+P finds a file by a fuzzy query and opens it; Ctrl+G moves the editor's cursor to a line.
// Run `npm run build` first.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

const lines = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1} = ${i + 1}`).join('\n') + '\n'

describe.skipIf(!chromiumPath)('projects', () => {
  const wb = useWorkbench({ 'main.py': lines(3), 'doomed.py': lines(2), 'pkg/data_loader.py': lines(12) })
  const item = (name: string) => `[data-testid="explorer-item"][data-path$="/${name}"]`

  it('shows files created and deleted on disk, opens a file by a fuzzy query and goes to a line', async () => {
    await wb.openProject()
    await wb.waitFor(item('main.py'))
    await wb.waitFor(item('doomed.py'))

    writeFileSync(join(wb.project, 'fresh.py'), 'print(1)\n')
    rmSync(join(wb.project, 'doomed.py'))
    await wb.waitFor(item('fresh.py'), 5000)
    await wb.waitGone(item('doomed.py'), 5000)

    await wb.q('[data-testid="explorer"]').click()
    await wb.page.keyboard.press('Control+P')
    await wb.waitFor('[data-testid="quick-open-input"]')
    await wb.page.keyboard.type('pdl')
    await wb.waitFor('[data-testid="quick-open-item"][data-path="pkg/data_loader.py"]')
    expect(await wb.q('[data-testid="quick-open-item"]').first().getAttribute('data-path')).toBe('pkg/data_loader.py')
    await wb.page.keyboard.press('Enter')
    await wb.waitGone('[data-testid="quick-open"]')
    await wb.waitFor('[data-testid="editor"][data-path$="/pkg/data_loader.py"] .cm-content')

    await wb.q('[data-testid="editor"] .cm-content').click()
    await wb.page.keyboard.press('Control+G')
    await wb.page.keyboard.type('5')
    await wb.page.keyboard.press('Enter')
    await wb.waitForText('[data-testid="editor"] .cm-lineNumbers .cm-activeLineGutter', /^5$/, 5000)
    expect(wb.pageErrors).toEqual([])
  }, 20_000)
})
