// Data breakpoints ("break when value changes") in a real browser against a real Python program: set from the
// Variables panel and from a watch, listed in the Breakpoints panel (condition, gone when the frame returns), and
// the stop says what changed (see workbenchFixture.ts). Run `npx electron-vite build` first.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('data-breakpoints-ui e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the test: keep them in step with the program.
const PROGRAM = `def compute(n):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            total += i
        last = i
    return total + last


class Counter:
    def __init__(self):
        self.count = 0


def main():
    c = Counter()
    print("result", compute(6))
    c.count += 5
    print("end", c.count)


main()
`

const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const bp = (line: number) => `[data-testid="breakpoint"][data-line="${line}"]`
const dataRow = (description: string) => `[data-testid="data-breakpoint-row"][data-description="${description}"]`
const watch = (expression: string) => `[data-testid="watch"][data-expression="${expression}"]`

describe.skipIf(!chromiumPath)('data breakpoints in a browser', () => {
  const wb = useWorkbench({ 'counting.py': PROGRAM })
  const { q, waitFor, waitGone, text, waitForText, waitForStatus } = wb

  it('"break when value changes" from Variables and Watch stops after each change and shows old → new', async () => {
    await wb.openProject()
    await wb.openFile('counting.py')
    await q(slot(3)).click()
    await waitFor(bp(3))
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(3))
    await waitFor(variable('Locals/total'))

    // The row action of a local in the Variables panel.
    await q(variable('Locals/total')).hover()
    await q(`${variable('Locals/total')} [data-testid="variable-break-on-change"]`).click()
    await waitFor(`${dataRow('total (local of compute)')}[data-verified="true"]`)
    await q(bp(3)).click() // only the data breakpoint stops from here on
    await waitGone(bp(3))
    await q(slot(18)).click()
    await waitFor(bp(18))

    // total: 0 at i = 0 (no change), then 2 at i = 2: the stop is on the line after the write.
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(6))
    await waitForStatus(/Paused: total changed: 0 → 2/)
    await waitForText(`${variable('Locals/total')} [data-testid="variable-value"]`, /^2$/)
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-data-breakpoint.png') })

    // A condition set in the Breakpoints panel: the next change (to 6) does not satisfy it. When compute()
    // returns, its local is gone: the row says so and turns hollow.
    await q(dataRow('total (local of compute)')).hover()
    await q(`${dataRow('total (local of compute)')} [data-testid="data-breakpoint-edit"]`).click()
    await q('[data-testid="data-breakpoint-condition"]').fill('new > 100')
    await q('[data-testid="data-breakpoint-condition"]').press('Enter')
    await waitForText(`${dataRow('total (local of compute)')} [data-testid="data-breakpoint-detail"]`, /if new > 100/)
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(18))
    await waitFor(`${dataRow('total (local of compute)')}[data-verified="false"]`)
    expect(await text(`${dataRow('total (local of compute)')} [data-testid="data-breakpoint-message"]`)).toMatch(/compute\(\) returned/)

    // From the Watch panel: an attribute.
    await q('[data-testid="watch-input"]').fill('c.count')
    await q('[data-testid="watch-input"]').press('Enter')
    await waitForText(`${watch('c.count')} [data-testid="watch-value"]`, /^0$/)
    await q(watch('c.count')).hover()
    await q(`${watch('c.count')} [data-testid="watch-break-on-change"]`).click()
    await waitFor(`${dataRow('c.count')}[data-verified="true"]`)
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(19))
    await waitForStatus(/Paused: c\.count changed: 0 → 5/)
    await waitForText(`${watch('c.count')} [data-testid="watch-value"]`, /^5$/)

    // They name values of this run: they go with the session.
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitGone('[data-testid="data-breakpoint-row"]')
    expect(await text('[data-testid="terminal"]')).toContain('end 5')
    expect(wb.pageErrors).toEqual([])
  })
})
