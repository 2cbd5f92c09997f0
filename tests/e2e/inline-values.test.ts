// Inline values and the Variables filter in a real browser against a real Python program (see
// workbenchFixture.ts): at a stop in a loop, the loop's lines end with the values of the locals they use, and the
// filter narrows the Variables rows to a name typed until Escape. Run `npm run build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('inline-values e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the test: keep them in step with the program.
const PROGRAM = `def add_up(values):
    total = 0
    for v in values:
        total += v
    return total


print("sum", add_up([3, 5, 7]))
`

const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const inline = (line: number) => `[data-testid="inline-value"][data-line="${line}"]`

describe.skipIf(!chromiumPath)('inline values in a browser', () => {
  const wb = useWorkbench({ 'adding.py': PROGRAM })
  const { q, waitFor, waitGone, waitForText } = wb

  it('shows the loop line\'s locals inline at a stop, and the filter narrows Variables (also after a step) until Escape', async () => {
    await wb.openProject()
    await wb.openFile('adding.py')
    await q(slot(4)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(4))
    await waitForText(inline(4), /^total = 0, v = 3$/)
    await waitForText(inline(3), /^v = 3, values = \[3, 5, 7\]$/)
    expect(await q(inline(8)).count()).toBe(0) // module code: not the stopped function

    // Next iteration: the values follow the stop.
    await wb.page.keyboard.press('F5')
    await waitForText(inline(4), /^total = 3, v = 5$/)

    // The filter: only the rows whose name (or value) holds the text, then all again after Escape.
    await waitFor(variable('Locals/values'))
    await q('[data-testid="variables-filter"]').fill('TOT')
    await waitGone(variable('Locals/values'))
    await waitFor(variable('Locals/total'))
    expect(await q('[data-testid="variables"] [data-testid="variable"]').count()).toBe(1)
    await q('[data-testid="btn-step-over"]').click() // the filter stays while stepping
    await waitFor(currentLine(3))
    await waitFor(variable('Locals/total'))
    expect(await q('[data-testid="variables"] [data-testid="variable"]').count()).toBe(1)
    await q('[data-testid="variables-filter"]').press('Escape')
    await waitFor(variable('Locals/values'))
    expect(await q('[data-testid="variables-filter"]').inputValue()).toBe('')

    // The setting turns them off; a resume clears them.
    await q('[data-testid="inline-values-toggle"]').click()
    await waitGone(inline(4))
    await q('[data-testid="inline-values-toggle"]').click()
    await waitFor(inline(4))
    await q('[data-testid="breakpoint"][data-line="4"]').click()
    await waitGone('[data-testid="breakpoint"][data-line="4"]')
    await wb.page.keyboard.press('F5')
    await waitGone(inline(4))
  })
})
