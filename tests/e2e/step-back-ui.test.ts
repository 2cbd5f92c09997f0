// Step back in a real browser against a real Python program (see workbenchFixture.ts): the Rec toggle records the
// next session, Back steps through the recorded lines (across a function's return, into the loop's earlier
// iteration) under the "Showing the past" banner with read-only variables, "Where did this come from?" shows the
// line that assigned a local, and F10 comes back to the live stop. Run `npm run build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('step-back-ui e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

const HISTORY = `class Box(object):
    def __init__(self):
        self.items = []


def square(n):
    result = n * n  # @square-body
    return result  # @square-return


def main():
    total = 0
    box = Box()
    for i in range(4):  # @loop-head
        sq = square(i)  # @call-square
        total += sq  # @add
        box.items.append(i)  # @box-append
    done = total  # @after-loop
    return done  # @return-done


main()
print("finished", main())
`

const at = (marker: string) => HISTORY.split('\n').findIndex((text) => text.includes(marker)) + 1
const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const value = (path: string) => `${variable(path)} [data-testid="variable-value"]`
const topFrame = (name: string) => `[data-testid="frame"][data-frame-index="0"][data-name="${name}"]`

describe.skipIf(!chromiumPath)('step back in a browser', () => {
  const wb = useWorkbench({ 'history.py': HISTORY })
  const { q, waitFor, waitGone, waitForText, waitForStatus } = wb

  it('records, steps back across a return into an earlier iteration, shows where a value came from, and comes back', async () => {
    await wb.openProject()
    await wb.openFile('history.py')
    expect(await q('[data-testid="btn-step-back"]').count()).toBe(0) // nothing recorded: no Back button
    await q('[data-testid="btn-record"]').click()
    await waitFor('[data-testid="btn-record"][aria-pressed="true"]')
    await q(slot(at('@after-loop'))).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(at('@after-loop')))
    await waitForText(value('Locals/total'), /^14$/)

    // One line back: the past, marked as such, with the locals as they were.
    await q('[data-testid="btn-step-back"]').click()
    await waitForText('[data-testid="past-banner"]', /Showing the past: step 1 of \d+ back/)
    await waitFor(currentLine(at('@loop-head')))
    await waitFor('body.showing-past')
    await waitFor('[data-testid="variables-past"]')
    await waitForText(value('Locals/box'), /^Box\(items=\[0, 1, 2, 3\]\)$/)
    await waitForStatus(/Showing the past/)

    // Back across square's return: its last line, its locals, below main's call line.
    for (const line of [at('@box-append'), at('@add')]) {
      await q('[data-testid="btn-step-back"]').click()
      await waitFor(currentLine(line))
    }
    await waitForText(value('Locals/total'), /^5$/)
    await q('[data-testid="btn-step-back"]').click()
    await waitFor(topFrame('square'))
    await waitFor(currentLine(at('@square-return')))
    await waitForText(value('Locals/n'), /^3$/)
    await waitForText(value('Locals/result'), /^9$/)
    await waitFor(`[data-testid="frame"][data-frame-index="1"][data-name="main"][data-line="${at('@call-square')}"]`)

    // Into the loop's previous iteration: main at the call of square(3), sq still square(2)'s 4.
    await q('[data-testid="btn-step-back"]').click()
    await waitFor(currentLine(at('@square-body')))
    await q('[data-testid="btn-step-back"]').click()
    await waitFor(topFrame('main'))
    await waitFor(currentLine(at('@call-square')))
    await waitForText(value('Locals/i'), /^3$/)
    await waitForText(value('Locals/sq'), /^4$/)
    await waitForText('[data-testid="past-banner"]', /step 6 of/)

    // Read-only: a double-click on a value does not open the editor.
    await q(value('Locals/sq')).dblclick()
    expect(await q('[data-testid="variable-edit"]').count()).toBe(0)

    // F10 comes back to the live stop, as it was.
    await q('[data-testid="btn-back-to-live"]').click()
    await waitGone('[data-testid="past-banner"]')
    await waitFor(currentLine(at('@after-loop')))
    await waitGone('body.showing-past')
    await waitForText(value('Locals/total'), /^14$/)

    // Where did total come from? The line that last assigned it, shown in the past.
    await q(`${variable('Locals/total')} [data-testid="variable-origin"]`).click()
    await waitFor(currentLine(at('@add')))
    await waitForText('[data-testid="past-banner"]', /step \d+ of/)
    await waitForText(value('Locals/total'), /^5$/)
    await waitForText('[data-testid="console-output"]', new RegExp(`total was last assigned on line ${at('@add')} \\(\\d+ steps back\\): it became 14`))

    // F10 from the past: back live; F10 again really steps.
    await wb.page.keyboard.press('F10')
    await waitGone('[data-testid="past-banner"]')
    await waitFor(currentLine(at('@after-loop')))
    await wb.page.keyboard.press('F10')
    await waitFor(currentLine(at('@return-done')))

    // Reverse Continue: back to the last line with a breakpoint, then (none further back) the oldest line.
    await q('[data-testid="btn-reverse-continue"]').click()
    await waitForText('[data-testid="past-banner"]', /step 1 of \d+ back/)
    await waitFor(currentLine(at('@after-loop')))
    await q(`[data-testid="breakpoint"][data-line="${at('@after-loop')}"]`).click() // it goes: the program then ends
    await q('[data-testid="btn-reverse-continue"]').click()
    await waitForText('[data-testid="past-banner"]', /step (\d+) of \1 back/)
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /finished 14/)
  })
})
