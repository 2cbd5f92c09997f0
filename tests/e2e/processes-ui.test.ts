// Child processes in a real browser against a real Python program (see workbenchFixture.ts): a breakpoint in a
// multiprocessing worker stops in the worker's own session, the process list shows the tree, selecting the
// program and the worker switches the threads, stack and variables shown, and Stop ends every process.
// Run `npm run build` first.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('processes-ui e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the test: keep them in step with the program.
const POOL = `import multiprocessing
import time


def square(n):
    result = n * n
    return result


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with multiprocessing.Pool(1) as pool:
        print("squares", pool.map(square, [3]), flush=True)
    time.sleep(60)
`

const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const processRow = '[data-testid="process"]'

/** Pids of processes whose command line mentions `text` (this test's temporary folder). */
function pidsRunning(text: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  return out
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
}

describe.skipIf(!chromiumPath)('child processes in a browser', () => {
  const wb = useWorkbench({ 'pool.py': POOL })
  const { q, waitFor, waitGone, text, waitForText, waitForStatus } = wb

  it('stops in a pool worker, lists the process tree, switches between processes, and Stop ends them all', async () => {
    await wb.openProject()
    await wb.openFile('pool.py')
    await q(slot(6)).click()
    await wb.page.keyboard.press('F5')

    // The worker's session comes to the front at its breakpoint, with its argument in the variables.
    await waitFor(`${processRow}[data-status="stopped"]`, 30_000)
    await waitFor(currentLine(6))
    await waitForStatus(/Paused/)
    await waitForText(`${variable('Locals/n')} [data-testid="variable-value"]`, /^3$/)
    const rows = await q(processRow).evaluateAll((els) =>
      els.map((e) => ({ pid: e.getAttribute('data-pid'), status: e.getAttribute('data-status'), selected: e.getAttribute('aria-selected') })),
    )
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows[0].selected).toBe('false') // the launched program is first and not the one shown
    const worker = rows.find((r) => r.status === 'stopped')!
    expect(worker.selected).toBe('true')
    expect(Number(worker.pid)).toBeGreaterThan(0)

    // Selecting the launched program shows its threads (it runs, waiting in pool.map); back to the worker.
    await q(processRow).first().click()
    await waitFor(`${processRow}[aria-selected="true"][data-status="running"]`)
    await waitGone(currentLine(6))
    await q(`${processRow}[data-pid="${worker.pid}"]`).click()
    await waitFor(`${processRow}[data-pid="${worker.pid}"][aria-selected="true"]`)
    await waitForText(`${variable('Locals/n')} [data-testid="variable-value"]`, /^3$/)

    // Continue the worker: the program prints the result; then Stop ends the program and the pool.
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /squares \[9\]/)
    expect(pidsRunning(wb.project).length).toBeGreaterThan(0)
    await wb.page.keyboard.press('Shift+F5')
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await waitGone(processRow)
    const deadline = Date.now() + 10_000
    while (pidsRunning(wb.project).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(pidsRunning(wb.project)).toEqual([])
    expect(await text('[data-testid="console-output"]')).toMatch(/Debugging child process/)
    expect(wb.pageErrors).toEqual([])
  })
})
