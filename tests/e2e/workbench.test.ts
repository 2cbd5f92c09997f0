// The workbench in a real browser (Debian Chromium via playwright-core) against the real host, adapter and
// Python tracer, over browser mode's HTTP + WebSocket. Run `npx electron-vite build` first.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, repoRoot, running, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('workbench e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

// Line numbers below are used by the test: keep them in step with the program.
const DEMO = `import sys


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def total(values):
    result = 0
    for v in values:
        result += v
    return result


def describe(name, values):
    data = {"name": name, "values": values, "nested": {"deep": [1, 2, 3]}}
    point = Point(3, 4)
    s = total(values)
    label = f"{name}: {s}"
    return label


def main():
    items = [1, 2, 3, 4]
    for i in range(3):
        items.append(i * 10)
    text = describe("demo", items)
    print(text)
    print("done")
    return 3


if __name__ == "__main__":
    sys.exit(main())
`

const BUSY = `def work(n):
    return n * 2


count = 0
while True:
    count += work(1)
`

// A program to attach to: breakpoint on line 3.
const REMOTE = `def greet(name):
    message = "hello " + name
    return message


print(greet("remote"))
`

describe.skipIf(!chromiumPath)('workbench in a browser', () => {
  const wb = useWorkbench({ 'demo.py': DEMO, 'busy.py': BUSY, 'remote.py': REMOTE })
  const { q, waitFor, waitGone, text, status, waitForText, waitForStatus, openFile, pageErrors, cspViolations } = wb
  let page: Page
  let project = ''
  beforeAll(() => {
    page = wb.page
    project = wb.project
  })

  it('opens a folder through the path dialog and a Python file from the explorer', async () => {
    await q('[data-testid="btn-open-folder"]').click()
    await q('[data-testid="folder-path-input"]').fill(project)
    await q('[data-testid="folder-path-input"]').press('Enter')
    await waitGone('[data-testid="folder-dialog"]')
    await waitFor('[data-testid="explorer-item"][data-path$="/demo.py"]')
    expect(await q('[data-testid="explorer-item"]').count()).toBe(3) // busy.py, demo.py, remote.py
    await openFile('demo.py')
    expect(await text('[data-testid="editor"] .cm-content')).toContain('def describe(name, values):')
    // Python highlighting: keywords get their own styled spans.
    expect(await q('[data-testid="editor"] .cm-line span').count()).toBeGreaterThan(10)
  })

  it('toggles a breakpoint on the cursor line with F9', async () => {
    await q('[data-testid="editor"] .cm-line').filter({ hasText: 'items = [1, 2, 3, 4]' }).click()
    await page.keyboard.press('F9')
    await waitFor('[data-testid="breakpoint"][data-line="26"]')
    await page.keyboard.press('F9')
    await waitGone('[data-testid="breakpoint"][data-line="26"]')
  })

  it('sets a breakpoint in the gutter, and F5 stops there with the stack, threads and variables', async () => {
    await q('[data-testid="bp-slot"][data-line="19"]').click()
    await waitFor('[data-testid="breakpoint"][data-line="19"][data-verified="false"]')
    await page.keyboard.press('F5')
    await waitFor('[data-testid="breakpoint"][data-line="19"][data-verified="true"]')
    await waitFor(currentLine(19))
    await waitForStatus(/Paused/)

    await waitFor('[data-testid="frame"][data-frame-index="2"]')
    const frames = await Promise.all((await q('[data-testid="frame"]').all()).map((f) => f.getAttribute('data-name')))
    expect(frames.slice(0, 3)).toEqual(['describe', 'main', '<module>'])
    expect(await text('[data-testid="thread"][data-stopped="true"]')).toContain('MainThread')
    // The status bar says which interpreter and which tracing engine run the program.
    expect(await text('[data-testid="engine"]')).toMatch(/^Python 3\.\d+\.\d+ · sys\.(monitoring|settrace)|native/)

    // Locals are expanded; nested containers expand lazily.
    await waitFor(variable('Locals/data'))
    expect(await text(variable('Locals/name'))).toContain("'demo'")
    await q(variable('Locals/data')).click()
    await waitFor(variable("Locals/data/'nested'"))
    await q(variable("Locals/data/'nested'")).click()
    await waitFor(variable("Locals/data/'nested'/'deep'"))
    await q(variable("Locals/data/'nested'/'deep'")).click()
    await waitFor(variable("Locals/data/'nested'/'deep'/2"))
    expect(await text(variable("Locals/data/'nested'/'deep'/2"))).toContain('3')
    await q(variable('Locals/values')).click()
    await waitFor(variable('Locals/values/6'))
    expect(await q('[data-testid="scope"][data-expanded="false"]').count()).toBeGreaterThan(0)

    await page.screenshot({ path: '/tmp/bugscope-stop.png' })
  })

  it('steps over (F10), into (F11) and out (Shift+F11)', async () => {
    await page.keyboard.press('F10')
    await waitFor(currentLine(20))
    // The object created by the stepped-over line expands into its attributes.
    await q(variable('Locals/point')).click()
    await waitFor(variable('Locals/point/x'))
    expect(await text(variable('Locals/point/y'))).toContain('4')

    await page.keyboard.press('F11')
    await waitFor(currentLine(11))
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="total"]')

    await page.keyboard.press('Shift+F11')
    await waitFor('[data-testid="frame"][data-frame-index="0"][data-name="describe"]')
    await page.waitForSelector(`${currentLine(20)}, ${currentLine(21)}`)
  })

  it('shows a lower frame’s line and variables when it is clicked', async () => {
    await q('[data-testid="frame"][data-name="main"]').click()
    await waitFor(currentLine(29))
    await waitFor(variable('Locals/items'))
    expect(await text(variable('Locals/items'))).toContain('20')
    await q('[data-testid="frame"][data-frame-index="0"]').click()
    await waitFor(variable('Locals/point'))
  })

  it('evaluates expressions in the debug console, showing errors distinctly', async () => {
    await q('[data-testid="console-input"]').fill('len(values) * 2')
    await q('[data-testid="console-input"]').press('Enter')
    await waitFor('[data-testid="console-output"] .console-line.result:text-is("14")')
    await q('[data-testid="console-input"]').fill('no_such_name + 1')
    await q('[data-testid="console-input"]').press('Enter')
    await waitFor('[data-testid="console-output"] .console-line.error:has-text("no_such_name")')
  })

  it('continues to the end: output and the exit code in the terminal and the status bar', async () => {
    await q('[data-testid="btn-continue"]').click()
    await waitForText('[data-testid="terminal"]', /exited with code 3/)
    const terminal = await text('[data-testid="terminal"]')
    expect(terminal).toContain('demo: 40')
    expect(terminal).toContain('done')
    await waitForText('[data-testid="console-output"]', /Process exited with code 3/)
    await waitForStatus(/exited with code 3/)
    await page.screenshot({ path: '/tmp/bugscope-end.png' })
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    // Breakpoints stay, unverified again.
    await waitFor('[data-testid="breakpoint"][data-line="19"][data-verified="false"]')
  })

  it('pauses a busy loop and stops it, leaving no process behind', async () => {
    await openFile('busy.py')
    await q('[data-testid="btn-start"]').click()
    await waitFor('[data-testid="btn-pause"]:not([disabled])')
    await waitForStatus(/Running/)
    await q('[data-testid="btn-pause"]').click()
    await waitForStatus(/Paused/)
    await waitFor('[data-testid="current-line"]')
    await waitFor('[data-testid="frame"]')
    expect(running(join(project, 'busy.py'))).toBe(true)

    await q('[data-testid="btn-stop"]').click()
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(await q('[data-testid="frame"]').count()).toBe(0)
    const deadline = Date.now() + 10_000
    while (running(join(project, 'busy.py')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(running(join(project, 'busy.py'))).toBe(false)
  })

  it('reports a missing interpreter clearly and keeps working', async () => {
    await openFile('demo.py')
    await q('[data-testid="python-path"]').fill('/nonexistent/bin/python3')
    await q('[data-testid="python-path"]').press('Enter')
    await page.keyboard.press('F5')
    await waitFor('[data-testid="error-banner"]')
    expect(await text('[data-testid="error-banner"]')).toMatch(/nonexistent/)
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(await status()).not.toMatch(/Running|Paused/)

    for (const close of await q('[data-testid="error-dismiss"]').all()) await close.click()
    await q('[data-testid="python-path"]').fill('')
    await q('[data-testid="python-path"]').press('Enter')
    // A breakpoint on a blank line: the session moves it to the next line with code.
    await q('[data-testid="bp-slot"][data-line="33"]').click()
    await waitFor('[data-testid="breakpoint"][data-line="33"][data-verified="false"]')
    expect(await q('[data-testid="python-path"]').inputValue()).toBe('')
    await page.keyboard.press('F5')
    await waitFor('[data-testid="breakpoint"][data-line="35"][data-verified="true"]')
    expect(await q('[data-testid="breakpoint"][data-line="33"]').count()).toBe(0)
    await waitFor(currentLine(35))
    await page.keyboard.press('F5')
    await waitFor(currentLine(19))
    await page.keyboard.press('Shift+F5')
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(await q('[data-testid="error-banner"]').count()).toBe(0)
  })

  it('attaches through the dialog to a listening program, maps its paths to the open folder and detaches', async () => {
    // The "remote" copy of remote.py lives elsewhere; the open folder has the user's copy.
    const remoteDir = mkdtempSync(join(tmpdir(), 'bugscope-e2e-remote-'))
    writeFileSync(join(remoteDir, 'remote.py'), REMOTE)
    const token = 'e2e-attach-token-0123456789'
    const listening = spawn('python3', ['-m', 'bugscope', '--listen', '127.0.0.1:0', '--wait-for-client', join(remoteDir, 'remote.py')], {
      env: { ...process.env, PYTHONPATH: join(repoRoot, 'python'), BUGSCOPE_TOKEN: token },
    })
    let tracerErr = ''
    listening.stderr.on('data', (d) => (tracerErr += d))
    try {
      const port = await new Promise<number>((res, rej) => {
        let err = ''
        const timer = setTimeout(() => rej(new Error(`tracer did not listen: ${err}`)), 10_000)
        listening.stderr.on('data', (d) => {
          err += d
          const m = /listening on [\d.]+:(\d+)/.exec(err)
          if (m) {
            clearTimeout(timer)
            res(Number(m[1]))
          }
        })
      })
      await openFile('remote.py')
      await q('[data-testid="bp-slot"][data-line="3"]').click()
      await q('[data-testid="btn-attach"]').click()
      await waitFor('[data-testid="attach-dialog"]')
      // The one-file tracer for other machines is offered for download.
      await waitFor('[data-testid="attach-pyz-download"]')
      const pyz = await page.evaluate(async () => {
        const r = await fetch('/bugscope.pyz')
        return { status: r.status, magic: new Uint8Array(await r.arrayBuffer()).slice(0, 2).join(',') }
      })
      expect(pyz).toEqual({ status: 200, magic: '35,33' }) // "#!": the zipapp's shebang line
      await q('[data-testid="attach-host"]').fill('127.0.0.1')
      await q('[data-testid="attach-port"]').fill(String(port))
      expect(await q('[data-testid="attach-ok"]').isDisabled()).toBe(true) // no token yet
      expect(await text('[data-testid="attach-problem"]')).toMatch(/token/)
      await q('[data-testid="attach-token"]').fill(token)
      expect(await q('[data-testid="attach-token"]').getAttribute('type')).toBe('password')
      await page.screenshot({ path: join(tmpdir(), 'bugscope-attach.png') })
      await q('[data-testid="attach-ok"]').click()

      await waitFor('[data-testid="path-mapping-proposal"]')
      await page.screenshot({ path: join(tmpdir(), 'bugscope-attach-proposal.png') })
      expect(await text('[data-testid="path-mapping-proposal"]')).toContain(remoteDir)
      await q('[data-testid="path-mapping-accept"]').click()
      await waitFor('[data-testid="breakpoint"][data-line="3"][data-verified="true"]')
      await waitFor(currentLine(3))
      await waitFor(`[data-testid="editor"][data-path="${join(project, 'remote.py')}"]`)
      await waitForStatus(/Paused/)

      await q('[data-testid="btn-stop"]').click() // detach: the program runs on to its end
      await waitFor('[data-testid="btn-start"]:not([disabled])')
      const code = listening.exitCode ?? (await new Promise<number | null>((res) => listening.once('exit', (c) => res(c))))
      expect(code).toBe(0)
    } catch (error) {
      console.log(`the attached program's stderr:\n${tracerErr}`)
      throw error
    } finally {
      listening.kill('SIGKILL')
      rmSync(remoteDir, { recursive: true, force: true })
    }
  })

  it('lists the folder under Recent after a reload, and opens it from there', async () => {
    await page.reload()
    await waitFor('[data-testid="welcome"]')
    await q(`[data-testid="recent-folder"][data-path="${project}"]`).click()
    await waitFor('[data-testid="explorer-item"][data-path$="/demo.py"]')
    // Breakpoints live in the page; the host kept nothing running.
    expect(await status()).toBe('Ready')
    expect(pageErrors).toEqual([])
    expect(cspViolations).toEqual([])
  })
})
