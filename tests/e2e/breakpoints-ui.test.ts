// Breakpoint settings, the Breakpoints panel and watches in a real browser against a real Python program
// (see workbenchFixture.ts). Run `npx electron-vite build` first.
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('breakpoints-ui e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the tests: keep them in step with the program.
const LOOP = `def compute(n):
    total = 0
    for i in range(n):
        total += i
    return total


def main():
    value = 1
    value = value + 10
    value = value * 2
    print("total", compute(6), value)
    print("end")


main()
`

const FAILING = `def parse(text):
    return int(text)


def main():
    bad = 0
    for text in ["1", "x", "y"]:
        try:
            parse(text)
        except ValueError:
            bad += 1
    try:
        parse("z")
    except ValueError as e:
        raise RuntimeError("%d bad values" % (bad + 1)) from e


main()
`

const LIBRARY = `import copy


class Thing:
    def __deepcopy__(self, memo):
        made = Thing()
        return made


clone = copy.deepcopy(Thing())
print("copied")
`

const HANGING = `class Stuck:
    def __repr__(self):
        while True:
            pass


stuck = Stuck()
count = 41
count += 1
print("count", count)
`

const NESTED = `def double(x):
    return x * 2


def shout(text):
    return text.upper() + "!"


result = shout(str(double(21)))
print(result)
print("end")
`

const ARRAYS = `import numpy

grid = numpy.arange(12).reshape(3, 4) * 10
print(grid.sum())
`
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0
if (!hasNumpy) console.log('breakpoints-ui e2e: the grid test is skipped: numpy is not installed for python3')

const LAZY = `class Box:
    def __init__(self):
        self.calls = 0

    @property
    def area(self):
        self.calls += 1
        return 6 * 7


box = Box()
print(box.calls)
`

const bp = (line: number) => `[data-testid="breakpoint"][data-line="${line}"]`
const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const row = (line: number) => `[data-testid="breakpoint-row"][data-line="${line}"]`
const watch = (expression: string) => `[data-testid="watch"][data-expression="${expression}"]`

describe.skipIf(!chromiumPath)('breakpoints, the Breakpoints panel and watches in a browser', () => {
  const wb = useWorkbench({ 'loop.py': LOOP, 'failing.py': FAILING, 'library.py': LIBRARY, 'hanging.py': HANGING, 'nested.py': NESTED, 'arrays.py': ARRAYS, 'lazy.py': LAZY })
  const { q, waitFor, waitGone, text, waitForText, waitForStatus } = wb

  /** Waits for the end of the program and the session. */
  async function waitForExit(): Promise<void> {
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
  }

  it('a conditional breakpoint set in the gutter editor stops only when its condition holds', async () => {
    await wb.openProject()
    await wb.openFile('loop.py')
    await q(slot(4)).click({ button: 'right' })
    await waitFor('[data-testid="breakpoint-editor"][data-line="4"]')
    // A bad hit count is explained in the editor and not saved.
    await q('[data-testid="breakpoint-editor-hitCondition"]').fill('often')
    await q('[data-testid="breakpoint-editor-hitCondition"]').press('Enter')
    await waitForText('[data-testid="breakpoint-editor-problem"]', /not a hit count/)
    await q('[data-testid="breakpoint-editor-hitCondition"]').fill('')
    await q('[data-testid="breakpoint-editor-condition"]').fill('i == 3')
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-breakpoint-editor.png') })
    await q('[data-testid="breakpoint-editor-condition"]').press('Enter')
    await waitGone('[data-testid="breakpoint-editor"]')
    await waitFor(`${bp(4)}[data-kind="conditional"]`)
    expect(await text(`${row(4)} [data-testid="breakpoint-detail"]`)).toBe('if i == 3')

    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(4))
    await waitForStatus(/Paused/)
    await waitFor(variable('Locals/i'))
    const value = (name: string) => text(`${variable(`Locals/${name}`)} [data-testid="variable-value"]`)
    expect(await value('i')).toBe('3')
    expect(await value('total')).toBe('3') // 0 + 1 + 2
    // i == 3 holds once: the program runs to its end.
    await wb.page.keyboard.press('F5')
    await waitForExit()
    expect(await text('[data-testid="terminal"]')).toContain('total 15 22')
  })

  it('a watch is re-evaluated after a step', async () => {
    await q(slot(10)).click()
    await waitFor(bp(10))
    await q('[data-testid="watch-input"]').fill('value * 100')
    await q('[data-testid="watch-input"]').press('Enter')
    await waitFor(watch('value * 100'))
    expect(await text(watch('value * 100'))).toContain('not available')

    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(10)) // before the conditional breakpoint in compute()
    await waitForText(`${watch('value * 100')} [data-testid="watch-value"]`, /^100$/)
    await wb.page.keyboard.press('F10')
    await waitFor(currentLine(11))
    await waitForText(`${watch('value * 100')} [data-testid="watch-value"]`, /^1100$/)
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-watch.png') })

    // Double-click edits the expression; the new one is evaluated at once.
    await q(watch('value * 100')).dblclick()
    await q('[data-testid="watch-edit-input"]').fill('value - 1')
    await q('[data-testid="watch-edit-input"]').press('Enter')
    await waitForText(`${watch('value - 1')} [data-testid="watch-value"]`, /^10$/)
    await wb.page.keyboard.press('Shift+F5')
    await waitFor('[data-testid="btn-start"]:not([disabled])')
  })

  it('disabling a breakpoint in the panel makes F5 run past it; an invalid condition shows why', async () => {
    await q(slot(12)).click()
    await waitFor(bp(12))
    // Shift+F9 opens the editor on the cursor line (13): a condition that does not compile.
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'print("end")' }).click()
    await wb.page.keyboard.press('Shift+F9')
    await q('[data-testid="breakpoint-editor-condition"]').fill('value ==')
    await q('[data-testid="breakpoint-editor-condition"]').press('Enter')
    await waitFor(`${bp(13)}[data-kind="conditional"]`)
    // Line 4 (conditional) and line 10 are disabled in the panel; the program stops only at line 12.
    for (const line of [4, 10]) {
      await q(`${row(line)} [data-testid="breakpoint-enabled"]`).uncheck()
      await waitFor(`${bp(line)}[data-enabled="false"]`)
    }
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(12))
    await waitFor(`${bp(12)}[data-verified="true"]`)
    expect(await q(`${bp(10)}[data-verified="true"]`).count()).toBe(0)
    await waitForText(`${row(13)} [data-testid="breakpoint-message"]`, /invalid condition/)
    expect(await q(bp(13)).getAttribute('title')).toMatch(/invalid condition/)
    // The watch kept from the previous test shows the value at this stop.
    await waitForText(`${watch('value - 1')} [data-testid="watch-value"]`, /^21$/)
    await wb.page.keyboard.press('F5')
    await waitForExit()
  })

  it('keeps breakpoints, their settings and watches for the folder across a reload', async () => {
    await wb.page.reload()
    await waitFor('[data-testid="welcome"]')
    await q(`[data-testid="recent-folder"][data-path="${wb.project}"]`).click()
    await waitFor(row(12))
    expect(await q('[data-testid="breakpoint-row"]').count()).toBe(4)
    expect(await q(`${row(4)}[data-enabled="false"][data-kind="conditional"]`).count()).toBe(1)
    expect(await text(`${row(4)} [data-testid="breakpoint-detail"]`)).toBe('if i == 3')
    await waitFor(watch('value - 1'))

    // Clicking a row shows its line; "remove all" empties the panel.
    await q(row(12)).click()
    await waitFor('[data-testid="editor"][data-path$="/loop.py"] .cm-content')
    await waitFor(`${bp(12)}[data-enabled="true"]`)
    await q('[data-testid="breakpoints-remove-all"]').click()
    await waitGone('[data-testid="breakpoint-row"]')
    expect(await q('[data-testid="breakpoint"]').count()).toBe(0)
    expect(wb.pageErrors).toEqual([])
  })

  it('an exception stop shows the exception widget: type, message, traceback, cause; "Ignore at" is sent', async () => {
    await wb.openFile('failing.py')
    // Uncaught Exceptions is on by default (the tracer's announced default).
    await waitFor('[data-testid="exception-filter"][data-filter="uncaught"] [data-testid="exception-filter-enabled"]:checked')
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(15))
    await waitForText('[data-testid="exception-type"]', /RuntimeError/)
    expect(await text('[data-testid="exception-message"]')).toContain('3 bad values')
    expect(await text('[data-testid="exception-trace"]')).toMatch(/Traceback[\s\S]*line 15, in main/)
    expect(await text('[data-testid="exception-cause"]')).toMatch(/ValueError[\s\S]*'z'/)
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-exception.png') })
    await q('[data-testid="exception-ignore"]').click()
    await waitGone('[data-testid="exception-widget"]')
    await waitForText('[data-testid="console-output"]', /failing\.py:15 are ignored/)
    await waitFor('[data-testid="exception-ignored"][data-line="15"]') // listed, and kept for the folder
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /exited with code 1/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q('[data-testid="exception-ignored"][data-line="15"] [data-testid="exception-ignored-remove"]').click()
    await waitGone('[data-testid="exception-ignored"]')
  })

  it('an exception rule by type stops where a ValueError is raised, though it is caught, and "never" silences it', async () => {
    await wb.openFile('failing.py')
    await q('[data-testid="exception-rule-input"]').fill('ValueError')
    await q('[data-testid="exception-rule-new-mode"]').selectOption('always')
    await q('[data-testid="exception-rule-input"]').press('Enter')
    await waitFor('[data-testid="exception-rule"][data-name="ValueError"]')
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(2)) // parse("x") raises inside the try of main
    await waitForText('[data-testid="exception-type"]', /ValueError/)
    expect(await text('[data-testid="exception-message"]')).toContain("'x'")
    await q('[data-testid="exception-rule"][data-name="ValueError"] select').selectOption('never')
    await wb.page.keyboard.press('F5')
    // The rule now says never: the next ValueErrors pass; only the uncaught RuntimeError stops.
    await waitForText('[data-testid="exception-type"]', /RuntimeError/)
    await waitFor(currentLine(15))
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /exited with code 1/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q('[data-testid="exception-rule"][data-name="ValueError"]').hover() // the row's buttons show on hover
    await q('[data-testid="exception-rule"][data-name="ValueError"] [data-testid="exception-rule-remove"]').click()
    await waitGone('[data-testid="exception-rule"]')
  })

  it('F11 steps through library code into the program\'s callback; library frames fold into one row; the modules list shows copy', async () => {
    await wb.openFile('library.py')
    await q(slot(10)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(10))
    await wb.page.keyboard.press('F11')
    await waitFor(currentLine(6)) // __deepcopy__, called by copy.deepcopy (standard library): not stopped there
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="__deepcopy__"]')
    expect(await text('[data-testid="library-frames"]')).toMatch(/1 library frame/)
    expect(await q('[data-testid="frame"][data-name="deepcopy"]').count()).toBe(0)
    await q('[data-testid="library-frames"]').click()
    await waitFor('[data-testid="frame"][data-name="deepcopy"].subtle')
    await q('[data-testid="open-modules"]').click()
    await q('[data-testid="modules-filter"]').fill('copy')
    await waitFor('[data-testid="module"][data-name="copy"].library')
    await q('[data-testid="modules-close"]').click()
    await waitGone('[data-testid="modules-dialog"]')
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(10)).click()
    await waitGone(bp(10))
  })

  it('a __repr__ that never returns shows as timed out, and the debugger stays responsive', async () => {
    await wb.openFile('hanging.py')
    await q(slot(9)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(9))
    await waitForText(variable('Locals/stuck'), /repr timed out/)
    expect(await text(variable('Locals/count'))).toContain('41')
    await wb.page.keyboard.press('F10') // the stopped thread is free again: the step completes
    await waitFor(currentLine(10))
    await waitForText(variable('Locals/count'), /42/)
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /count 42/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(9)).click()
    await waitGone(bp(9))
  })

  it('a temporary breakpoint set in the editor stops once and leaves the gutter', async () => {
    await wb.openFile('loop.py')
    await q(slot(4)).click({ button: 'right' })
    await waitFor('[data-testid="breakpoint-editor"][data-line="4"]')
    await q('[data-testid="breakpoint-editor-temporary"]').check()
    await q('[data-testid="breakpoint-editor-condition"]').press('Enter')
    await waitFor(bp(4))
    expect(await text(`${row(4)} [data-testid="breakpoint-detail"]`)).toBe('once')
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(4))
    await waitGone(bp(4)) // removed by the tracer at its first stop
    await wb.page.keyboard.press('F5')
    await waitForExit()
  })

  it('double-clicking a value sets the variable to a Python expression; the program goes on with it', async () => {
    await wb.openFile('loop.py')
    await q(slot(10)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(10))
    await waitForText(`${variable('Locals/value')} [data-testid="variable-value"]`, /^1$/)
    await q(`${variable('Locals/value')} [data-testid="variable-value"]`).dblclick()
    await q('[data-testid="variable-edit"]').fill('no_such_name')
    await q('[data-testid="variable-edit"]').press('Enter')
    await waitForText('[data-testid="variable-edit-problem"]', /NameError/)
    await q('[data-testid="variable-edit"]').fill('250 * 2')
    await q('[data-testid="variable-edit"]').press('Enter')
    await waitForText(`${variable('Locals/value')} [data-testid="variable-value"]`, /^500$/)
    await q('[data-testid="hex-toggle"]').click()
    await waitForText(`${variable('Locals/value')} [data-testid="variable-value"]`, /^0x1f4$/)
    await q('[data-testid="hex-toggle"]').click()
    await waitForText(`${variable('Locals/value')} [data-testid="variable-value"]`, /^500$/)
    await wb.page.keyboard.press('F10')
    await waitFor(currentLine(11))
    await waitForText(`${variable('Locals/value')} [data-testid="variable-value"]`, /^510$/)
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /total 15 1020/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(10)).click()
    await waitGone(bp(10))
  })

  it('Ctrl+F11 chooses which call of the line to step into; Ctrl+F10 runs to the cursor line', async () => {
    await wb.openFile('nested.py')
    await q(slot(9)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(9))
    await wb.page.keyboard.press('Control+F11')
    await waitFor('[data-testid="step-targets"]')
    const labels = await q('[data-testid="step-target"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))
    expect(labels).toEqual(['shout', 'str', 'double'])
    await q('[data-testid="step-target"][data-label="shout"]').click()
    await waitGone('[data-testid="step-targets"]')
    await waitFor(currentLine(6)) // in shout: double and str ran on
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="shout"]')
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'print("end")' }).click()
    await wb.page.keyboard.press('Control+F10')
    await waitFor(currentLine(11))
    await waitForText('[data-testid="terminal"]', /42!/)
    expect(await q(bp(11)).count()).toBe(0) // the one-shot breakpoint is gone
    await wb.page.keyboard.press('F5')
    await waitForExit()
    await q(bp(9)).click()
    await waitGone(bp(9))
  })

  it('Ctrl+Shift+F10 jumps to the cursor line, skipping the lines between; hovering a name shows its value', async () => {
    await wb.openFile('loop.py')
    await q(slot(10)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(10))
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'value = value + 10' }).locator('span', { hasText: /^value$/ }).first().hover()
    await waitForText('[data-testid="hover-value"]', /value = 1(?!\d)/)
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'print("total"' }).click()
    await wb.page.keyboard.press('Control+Shift+F10')
    await waitFor(currentLine(12))
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /total 15 1\b/) // value never became 11 or 22
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(10)).click()
    await waitGone(bp(10))
  })

  it('the console completes with Tab, runs multi-line input, and its results expand like variables', async () => {
    await wb.openFile('loop.py')
    await q(slot(10)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(10))
    const input = q('[data-testid="console-input"]')
    await input.fill('valu')
    await input.press('Tab')
    await wb.waitUntil('the completion in the input', () => input.inputValue(), (v) => v === 'value')
    // The caret goes after the completed name, not back where Tab was pressed.
    await wb.waitUntil('the caret after the completion', () => input.evaluate((el) => String((el as unknown as { selectionStart: number }).selectionStart)), (v) => v === '5')
    await input.fill("[value, {'k': [1, 2]}]")
    await input.press('Enter')
    const result = q('[data-testid="console-output"] [data-testid="variable"]').last()
    await result.click()
    await waitFor('[data-testid="console-output"] [data-testid="variable"][data-name="1"]')
    await input.fill('for k in range(3):\n    value += k')
    await input.press('Enter')
    await input.fill('value * 10')
    await input.press('Enter')
    await waitFor('[data-testid="console-output"] .console-line.result:text-is("40")')
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /total 15 28/) // (4 + 10) * 2: the loop's assignments reached the frame
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(10)).click()
    await waitGone(bp(10))
  })

  it.skipIf(!hasNumpy)('a numpy array opens as a table of its rows and cells', async () => {
    await wb.openFile('arrays.py')
    await q(slot(4)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(4))
    await q(variable('Locals/grid')).hover()
    await q(`${variable('Locals/grid')} [data-testid="variable-grid"]`).click()
    await waitFor('[data-testid="grid-view"]')
    await wb.waitUntil('3 grid rows', async () => String(await q('[data-testid="grid-row"]').count()), (n) => n === '3')
    expect(await text('[data-testid="grid-row"]:nth-child(2)')).toMatch(/1\s+40\s+50\s+60\s+70/)
    await q('[data-testid="grid-close"]').click()
    await waitGone('[data-testid="grid-view"]')
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /660/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(4)).click()
    await waitGone(bp(4))
  })

  it('a function breakpoint added by name in the panel stops where that function starts', async () => {
    await wb.openFile('loop.py')
    await q('[data-testid="function-breakpoint-input"]').fill('compute')
    await q('[data-testid="function-breakpoint-input"]').press('Enter')
    await waitFor('[data-testid="function-breakpoint-row"][data-name="compute"]')
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(2)) // the first line of compute's body
    await waitFor('[data-testid="function-breakpoint-row"][data-name="compute"][data-verified="true"]')
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="compute"]')
    await wb.page.keyboard.press('F5')
    await waitForExit()
    await q('[data-testid="function-breakpoint-row"][data-name="compute"]').hover()
    await q('[data-testid="function-breakpoint-row"][data-name="compute"] [data-testid="function-breakpoint-remove"]').click()
    await waitGone('[data-testid="function-breakpoint-row"]')
  })

  it('a property shows as lazy and its getter runs only when clicked, its value then shown in place', async () => {
    await wb.openFile('lazy.py')
    await q(slot(12)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(12))
    await q(variable('Locals/box')).click()
    await waitFor(`${variable('Locals/box/area')}[data-lazy="true"]`)
    expect(await text(`${variable('Locals/box/calls')} [data-testid="variable-value"]`)).toBe('0')
    await q('[data-testid="console-input"]').fill('box.calls')
    await q('[data-testid="console-input"]').press('Enter')
    await waitFor('[data-testid="console-output"] .console-line.result:text-is("0")') // not run by listing it
    await q(variable('Locals/box/area')).click()
    await waitForText(`${variable('Locals/box/area')} [data-testid="variable-value"]`, /^42$/)
    await q('[data-testid="console-input"]').fill('box.calls * 100')
    await q('[data-testid="console-input"]').press('Enter')
    await waitFor('[data-testid="console-output"] .console-line.result:text-is("100")')
    await wb.page.keyboard.press('F5')
    await waitForExit()
    await q(bp(12)).click()
    await waitGone(bp(12))
  })

  it('Ctrl+F5 runs untraced with breakpoints unarmed and stops only on the crash, in its finished frames', async () => {
    await wb.openFile('failing.py')
    await q(slot(6)).click()
    await waitFor(bp(6))
    await wb.page.keyboard.press('Control+F5')
    await waitFor(`${bp(6)}[data-verified="false"]`)
    await waitFor(currentLine(15))
    await waitForText('[data-testid="exception-type"]', /RuntimeError/)
    const frames = await q('[data-testid="frame"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))
    expect(frames.slice(0, 2)).toEqual(['main', '<module>'])
    await q('[data-testid="console-input"]').fill('bad * 10')
    await q('[data-testid="console-input"]').press('Enter')
    await waitForText('[data-testid="console-output"]', /\b20\b/)
    await q('[data-testid="btn-step-over"]').click() // refused: the frames have finished
    await waitForText('[data-testid="console-output"]', /next failed: .*not stepped/)
    await waitFor('[data-testid="btn-continue"]:not([disabled])') // still stopped
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /exited with code 1/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(bp(6)).click()
    await waitGone(bp(6))
  })
})
