// Threads and asyncio tasks in a real browser against real Python programs (see workbenchFixture.ts): selecting
// another thread shows its stack and variables, a thread continues alone, a running thread shows its stack with a
// label row, and the Tasks section lists an event loop's tasks. Run `npm run build` first.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('threads-ui e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the tests: keep them in step with the programs.
const THREADS = `import threading
import time

done = threading.Event()


def worker(tag):
    rounds = 0
    while not done.is_set():
        rounds += 1
        time.sleep(0.01)
    print("worker", tag, "looped", rounds > 0)


thread = threading.Thread(target=worker, args=("w1",), name="worker-w1")
thread.start()
time.sleep(0.3)
mark = 41
mark += 1
done.set()
thread.join()
print("end", mark)
`

const TASKS = `import asyncio


async def sleeper(seconds):
    await asyncio.sleep(seconds)


async def compute(n):
    total = n * 2
    await asyncio.sleep(0)
    return total


async def main():
    nap = asyncio.create_task(sleeper(30), name="napper")
    result = await asyncio.create_task(compute(21), name="computer")
    nap.cancel()
    print("result", result)


asyncio.run(main())
`

const SPINNER = `import threading
import time

stop = threading.Event()


def spin():
    spins = 0
    while not stop.is_set():
        spins += 1
        time.sleep(0.01)


spinner = threading.Thread(target=spin, name="spinner")
spinner.start()
time.sleep(0.2)
marker = 7
print("main", marker)
stop.set()
spinner.join()
print("done")
`

const slot = (line: number) => `[data-testid="bp-slot"][data-line="${line}"]`
const thread = (name: string) => `[data-testid="thread"][data-name="${name}"]`
const task = (name: string) => `[data-testid="task"][data-name="${name}"]`

describe.skipIf(!chromiumPath)('threads and asyncio tasks in a browser', () => {
  const wb = useWorkbench({ 'threads.py': THREADS, 'tasks.py': TASKS, 'spinner.py': SPINNER })
  const { q, waitFor, waitGone, text, waitForText, waitForStatus } = wb

  it('selects the second thread to see its stack and variables, continues one thread alone, shows a running thread', async () => {
    await wb.openProject()
    await wb.openFile('threads.py')
    await q(slot(19)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(19))
    await waitForStatus(/Paused/)
    await waitForText(`${thread('MainThread')} [data-testid="thread-state"]`, /^paused: breakpoint$/)

    // Under the default policy ("all") the worker halted too: selecting it shows its own stack and locals.
    await q(`${thread('worker-w1')} [data-testid="thread-select"]`).click()
    await waitFor(`${thread('worker-w1')}[data-selected="true"][data-state="stopped"]`)
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="worker"]')
    await waitForText(`${variable('Locals/tag')} [data-testid="variable-value"]`, /^'w1'$/)
    expect(await text(`${thread('worker-w1')} [data-testid="thread-state"]`)).toMatch(/^paused/)

    // Continue only the main thread: it sets the event and waits in join() for the worker, which stays
    // stopped, so the worker's stop is shown rather than "running".
    await q(`${thread('MainThread')} [data-testid="thread-continue"]`).click()
    await waitFor(`${thread('MainThread')}[data-state="running"]`)
    await waitForText(`${thread('MainThread')} [data-testid="thread-state"]`, /^running$/)
    await waitFor(`${thread('worker-w1')}[data-selected="true"][data-state="stopped"]`)
    await waitForStatus(/Paused/)
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="worker"]')
    await waitFor(variable('Locals/rounds'))
    expect(await text('[data-testid="terminal"]')).not.toContain('end 42')

    // The running main thread can be selected too: its stack at this moment, under a label row, with a pause button.
    await q(`${thread('MainThread')} [data-testid="thread-select"]`).click()
    await waitForText('[data-testid="frame-label"]', /^running: its stack at this moment/)
    await waitFor('[data-testid="frame"][data-name="<module>"]')
    await waitFor(`${thread('MainThread')} [data-testid="thread-pause"]`)
    await waitForStatus(/Paused/) // the worker is still the stop
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-threads.png') })

    // F5 continues the stopped worker: the loop ends, join returns, the program ends.
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /worker w1 looped True[\s\S]*end 42/)
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    await q(`[data-testid="breakpoint"][data-line="19"]`).click()
    await waitGone(`[data-testid="breakpoint"][data-line="19"]`)
    expect(wb.pageErrors).toEqual([])
  })

  it('a breakpoint set to suspend only its thread leaves the others running; continuing one stop shows the other', async () => {
    await wb.openFile('spinner.py')
    await q(slot(18)).click({ button: 'right' })
    await waitFor('[data-testid="breakpoint-editor"][data-line="18"]')
    await q('[data-testid="breakpoint-editor-suspend"]').selectOption('thread')
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-breakpoint-suspend.png') })
    await q('[data-testid="breakpoint-editor-condition"]').press('Enter')
    await waitGone('[data-testid="breakpoint-editor"]')
    await waitForText('[data-testid="breakpoint-row"][data-line="18"] [data-testid="breakpoint-detail"]', /suspends its thread/)

    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(18))
    await waitForText(`${thread('MainThread')} [data-testid="thread-state"]`, /^paused: breakpoint$/)
    // Only the main thread stopped: the spinner goes on, still "running" after the others would have halted.
    await new Promise((r) => setTimeout(r, 600))
    await q(`${thread('MainThread')} [data-testid="thread-select"]`).click()
    await waitFor(`${thread('spinner')}[data-state="running"]`)

    // Pausing the spinner shows its stop; continuing it brings back the main thread's stop, which it left alone.
    await q(`${thread('spinner')} [data-testid="thread-pause"]`).click()
    await waitFor(`${thread('spinner')}[data-selected="true"][data-state="stopped"]`)
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="spin"]')
    await waitFor(variable('Locals/spins'))
    await wb.page.keyboard.press('F5')
    await waitFor(`${thread('MainThread')}[data-selected="true"][data-state="stopped"]`)
    await waitFor(`${thread('spinner')}[data-state="running"]`)
    await waitForStatus(/Paused on breakpoint/)
    await waitFor(currentLine(18))
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /main 7[\s\S]*done/)
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
  })

  it('lists the asyncio tasks by name with their await chains; a level shows that coroutine\'s variables', async () => {
    await wb.openFile('tasks.py')
    await q(slot(11)).click()
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(11))
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="compute"]')

    // The call stack goes on past the thread's frames: the task that awaits this one, under a label row.
    await waitForText('[data-testid="frame-label"]', /^awaited by Task-\d+ \(main\)/)
    await waitFor('[data-testid="frame"][data-name="main"]')

    await waitFor('[data-testid="tasks"]')
    const names = await q('[data-testid="task"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))
    expect(names).toContain('computer')
    expect(names).toContain('napper')
    expect(names.some((n) => /^Task-\d+$/.test(n ?? ''))).toBe(true)
    expect(await q(`${task('computer')}[data-state="running"]`).count()).toBe(1)
    expect(await text(`${task('napper')} [data-testid="task-awaiting"]`)).toMatch(/sleep/)

    // A level of a suspended task is a frame of this stop: its source line and its variables.
    await q(`${task('napper')} [data-testid="task-level"][data-name="sleeper"]`).click()
    await waitFor(`${task('napper')} [data-testid="task-level"][data-name="sleeper"].selected`)
    await waitForText(`${variable('Locals/seconds')} [data-testid="variable-value"]`, /^30$/)
    await waitFor(currentLine(5))
    await wb.page.screenshot({ path: join(tmpdir(), 'bugscope-tasks.png') })

    // The section folds.
    await q('[data-testid="tasks-toggle"]').click()
    await waitGone('[data-testid="task"]')
    await q('[data-testid="tasks-toggle"]').click()
    await waitFor(task('computer'))

    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="terminal"]', /result 42/)
    await waitForText('[data-testid="terminal"]', /exited with code 0/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(wb.pageErrors).toEqual([])
  })
})
