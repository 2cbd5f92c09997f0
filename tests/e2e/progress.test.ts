// Progress in a real browser against a real Python program (see workbenchFixture.ts): starting a session reports
// the adapter's progress (DAP progress events), and expanding a value whose children are slow to show (their
// __repr__ sleeps) shows a "Loading…" row after a moment, then the values; a fast expansion never flashes it.
// Run `npx electron-vite build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('progress e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// The tracer gives one repr at most 0.75 s (then shows "<repr timed out>"), so the slow value has three children
// of 0.45 s each: listing them takes ~1.4 s, and each still shows its own repr.
// Line numbers below are used by the test: keep them in step with the program.
const PROGRAM = `import time


class Slow:
    def __repr__(self):
        time.sleep(0.45)
        return "Slow(done)"


class Holder:
    def __init__(self):
        self.a = Slow()
        self.b = Slow()
        self.c = Slow()


def main():
    holder = Holder()
    fast = {"x": 1, "y": 2}
    print("ready", fast["x"])


main()
`

const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const LOADING = '[data-testid="variables"] [data-testid="loading-row"]'

describe.skipIf(!chromiumPath)('progress in a browser', () => {
  const wb = useWorkbench({ 'slow.py': PROGRAM })
  const { q, waitFor, waitGone } = wb

  it('reports the start\'s progress, and shows Loading… while a slow value expands, only when it is slow', async () => {
    await wb.openProject()
    await wb.openFile('slow.py')
    await q(slot(20)).click()
    expect(await q('[data-testid="progress"]').getAttribute('data-progress-shown')).toBe('0')
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(20))
    // The adapter reported the start (it may be over before a test could see the bar), and ended it.
    expect(Number(await q('[data-testid="progress"]').getAttribute('data-progress-shown'))).toBeGreaterThanOrEqual(1)
    expect(await q('[data-testid="progress-bar"]').count()).toBe(0)
    expect(await q('[data-testid="progress-status"]').count()).toBe(0)

    // Record every Loading… row that ever appears from now on, however briefly.
    // (Page code as text: the e2e tests are typed for Node, without the DOM's types.)
    await wb.page.evaluate(`
      window.loadingRowsSeen = 0
      new MutationObserver((changes) => {
        for (const change of changes) {
          for (const node of change.addedNodes) {
            const row = '[data-testid="loading-row"]'
            if (node instanceof HTMLElement && (node.matches(row) || node.querySelector(row))) window.loadingRowsSeen++
          }
        }
      }).observe(document.body, { childList: true, subtree: true })
    `)
    const loadingRowsSeen = () => wb.page.evaluate<number>('window.loadingRowsSeen')

    // A fast expansion: its rows come without a Loading… row first.
    await q(variable('Locals/fast')).click()
    await waitFor('[data-testid="variable"][data-path^="Locals/fast/"]')
    expect(await loadingRowsSeen()).toBe(0)

    // A slow one: Loading… (with its spinner) in the place of the rows, then the values.
    const started = Date.now()
    await q(variable('Locals/holder')).click()
    await waitFor(LOADING, 1300)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(await q(`${LOADING} .spinner`).count()).toBe(1)
    expect(await q(LOADING).innerText()).toContain('Loading…')
    await waitFor(variable('Locals/holder/c'))
    await waitGone(LOADING)
    for (const name of ['a', 'b', 'c']) {
      expect(await q(`${variable(`Locals/holder/${name}`)} [data-testid="variable-value"]`).innerText()).toBe('Slow(done)')
    }
    expect(await loadingRowsSeen()).toBe(1)

    await q('[data-testid="btn-stop"]').click()
    await wb.waitForStatus(/Process exited|Ready/)
    expect(wb.pageErrors).toEqual([])
  })

  it('keeps the spinner still when the system asks for reduced motion', async () => {
    await wb.page.emulateMedia({ reducedMotion: 'reduce' })
    const turning = await wb.page.evaluate<string>(`(() => {
      const spinner = document.createElement('span')
      spinner.className = 'spinner'
      document.body.append(spinner)
      const name = getComputedStyle(spinner).animationName
      spinner.remove()
      return name
    })()`)
    expect(turning).toBe('none')
    await wb.page.emulateMedia({ reducedMotion: 'no-preference' })
  })
})
