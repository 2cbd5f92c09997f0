// Program output and the panel layout in a real browser: stdout and stderr share the program's terminal in the
// order written (it is a TTY, as in any terminal), and panel sizes the user drags (or moves with the keyboard)
// survive a reload. Run `npm run build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('layout-output e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

const PROGRAM = `import sys
print("plain stdout line", flush=True)
print("problem on stderr", file=sys.stderr, flush=True)
print("stdout again", flush=True)
`
type PageGlobals = { __bugscopeTerminalColour(text: string): number | 'default' | null }

describe.skipIf(!chromiumPath)('output streams and layout', () => {
  const wb = useWorkbench({ 'streams.py': PROGRAM })
  const colour = (text: string) => wb.page.evaluate((t) => (globalThis as unknown as PageGlobals).__bugscopeTerminalColour(t), text)
  const height = async (selector: string) => (await wb.q(selector).boundingBox())!.height
  const width = async (selector: string) => (await wb.q(selector).boundingBox())!.width

  it('shows stdout and stderr on the terminal in the order written, in the colours the program chose', { timeout: 20_000 }, async () => {
    await wb.openProject()
    await wb.openFile('streams.py')
    await wb.page.keyboard.press('F5')
    await wb.waitForText('[data-testid="terminal"]', /stdout again/)
    expect(await wb.text('[data-testid="terminal"]')).toMatch(/plain stdout line\s+problem on stderr\s+stdout again/)
    expect(await colour('problem on stderr')).toBe('default')
    expect(await colour('plain stdout line')).toBe('default')
  })

  it('keeps a dragged bottom panel height and a keyboard-moved explorer width across a reload', { timeout: 20_000 }, async () => {
    const before = await height('[data-testid="terminal-panel"]')
    const sash = (await wb.q('[data-testid="sash-bottom"]').boundingBox())!
    const x = sash.x + sash.width / 4 // the middle is where the terminal/console sash meets it
    const y = sash.y + sash.height / 2
    await wb.page.mouse.move(x, y)
    await wb.page.mouse.down()
    await wb.page.mouse.move(x, y - 60, { steps: 4 })
    await wb.page.mouse.move(x, y - 120, { steps: 4 })
    await wb.page.mouse.up()
    const dragged = await height('[data-testid="terminal-panel"]')
    expect(dragged).toBeGreaterThan(before + 100)

    const explorer = await width('aside.sidebar.left')
    await wb.q('[data-testid="sash-left"]').focus()
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('ArrowRight')
    const moved = await width('aside.sidebar.left')
    expect(moved).toBeCloseTo(explorer + 30, 0)

    await wb.page.reload()
    await wb.waitFor('[data-testid="workbench"]')
    expect(await height('[data-testid="terminal-panel"]')).toBeCloseTo(dragged, 0)
    expect(await width('aside.sidebar.left')).toBeCloseTo(moved, 0)
    expect(wb.pageErrors).toEqual([])
  })
})
