// The Terminal panel in a real browser: the debugged program runs on a pseudo-terminal (it sees a TTY, input()
// reads what is typed, its colours show, Ctrl+C interrupts it, it follows the panel's size, the workbench's keys
// still work from the terminal), and a shell terminal opens in the project folder. Run `npm run build` first.
import { describe, expect, it } from 'vitest'
import { currentLine, chromiumPath, useWorkbench } from './workbenchFixture'

if (!chromiumPath) console.log('terminal e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')
const posix = process.platform !== 'win32'
if (!posix) console.log('terminal e2e skipped: pseudo-terminals need a POSIX system.')

const ASK = `import sys, os
print("tty", sys.stdin.isatty(), sys.stdout.isatty(), flush=True)
print("\\x1b[32mgreen text\\x1b[0m" if sys.stdout.isatty() else "no colours", flush=True)
name = input("Your name? ")
print("Hello, " + name + "!", flush=True)
checked = 1
`
const LOOP = `import time
print("looping", flush=True)
try:
    while True:
        time.sleep(0.05)
except KeyboardInterrupt:
    print("interrupted by Ctrl+C", flush=True)
`
const SIZE = `import signal, shutil, time
def show(*_):
    print("size=%dx%d" % tuple(shutil.get_terminal_size()), flush=True)
signal.signal(signal.SIGWINCH, show)
show()
time.sleep(30)
`
type PageGlobals = {
  __bugscopeTerminalText(tab: string): string | null
  __bugscopeTerminalColour(text: string): number | 'default' | null
}
const GREEN = 2 // ANSI palette index

describe.skipIf(!chromiumPath || !posix)('the terminal panel', () => {
  const wb = useWorkbench({ 'ask.py': ASK, 'loop.py': LOOP, 'size.py': SIZE })
  const screen = (tab = 'program') => wb.page.evaluate((t) => (globalThis as unknown as PageGlobals).__bugscopeTerminalText(t) ?? '', tab)
  const waitScreen = (pattern: RegExp, tab = 'program') => wb.waitUntil(`the ${tab} terminal to show ${pattern}`, () => screen(tab), (t) => pattern.test(t))
  const focusTerminal = async () => {
    await wb.q('[data-testid="terminal"] .xterm').click()
    await wb.page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }
      return !!document.activeElement?.closest('[data-testid="terminal"]')
    })
  }

  it('runs the program on a TTY: its colours show, input() reads what is typed, F5 from the terminal continues', { timeout: 40_000 }, async () => {
    await wb.openProject()
    await wb.openFile('ask.py')
    await wb.q('[data-testid="bp-slot"][data-line="6"]').click() // a breakpoint after the input
    await wb.waitFor('[data-testid="breakpoint"][data-line="6"]')
    await wb.page.keyboard.press('F5')
    await waitScreen(/Your name\?\s*$/)
    expect(await screen()).toContain('tty True True')
    expect(await wb.page.evaluate(() => (globalThis as unknown as PageGlobals).__bugscopeTerminalColour('green text'))).toBe(GREEN)
    await focusTerminal()
    await wb.page.keyboard.type('Ada')
    await wb.page.keyboard.press('Enter')
    await waitScreen(/Your name\? Ada\s+Hello, Ada!/)
    await wb.waitFor(currentLine(6))
    // F5 is the workbench's even with the keyboard in the terminal: it continues the stopped program.
    await focusTerminal()
    await wb.page.keyboard.press('F5')
    await wb.waitForStatus(/exited|not running|idle|ended/i, 20_000)
  })

  it('interrupts the running program with Ctrl+C typed in the terminal', { timeout: 30_000 }, async () => {
    await wb.openFile('loop.py')
    await wb.page.keyboard.press('F5')
    await waitScreen(/looping/)
    // The keyboard way in: Ctrl+` focuses the terminal (and again goes back to the editor).
    await wb.page.keyboard.press('Control+Backquote')
    await wb.page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }
      return !!document.activeElement?.closest('[data-testid="terminal"]')
    })
    await wb.page.keyboard.press('Control+C')
    await waitScreen(/interrupted by Ctrl\+C/)
    await wb.waitForStatus(/exited|not running|idle|ended/i, 20_000)
  })

  it('gives the program the panel size, and a new size when the panel is resized', { timeout: 30_000 }, async () => {
    await wb.openFile('size.py')
    await wb.page.keyboard.press('F5')
    await waitScreen(/size=\d+x\d+/)
    const first = (await screen()).match(/size=(\d+)x(\d+)/)!
    const sash = (await wb.q('[data-testid="sash-bottom"]').boundingBox())!
    const x = sash.x + sash.width / 4
    const y = sash.y + sash.height / 2
    await wb.page.mouse.move(x, y)
    await wb.page.mouse.down()
    await wb.page.mouse.move(x, y - 80, { steps: 4 })
    await wb.page.mouse.up()
    await wb.waitUntil('a second size', () => screen(), (t) => (t.match(/size=/g) ?? []).length >= 2)
    const sizes = [...(await screen()).matchAll(/size=(\d+)x(\d+)/g)]
    const last = sizes[sizes.length - 1]
    expect(last[1]).toBe(first[1]) // same width
    expect(Number(last[2])).toBeGreaterThan(Number(first[2])) // more rows
    await wb.page.keyboard.press('Shift+F5')
    await wb.waitForStatus(/exited|not running|idle|ended/i, 20_000)
  })

  it('opens a shell in the project folder in a tab of its own, and closes it', { timeout: 30_000 }, async () => {
    await wb.q('[data-testid="new-shell"]').click()
    await wb.waitFor('[data-testid="shell-terminal"]:visible')
    const shellId = await wb.page.evaluate(() => {
      const ids = (globalThis as unknown as { __bugscopeShellIds?: () => string[] }).__bugscopeShellIds
      return ids ? ids()[0] : null
    })
    expect(shellId).toBeTruthy()
    // The new shell has the keyboard focus.
    await wb.page.keyboard.type('echo "answer=$((6*7))"; pwd')
    await wb.page.keyboard.press('Enter')
    await waitScreen(/answer=42/, shellId!)
    expect(await screen(shellId!)).toContain(wb.project)
    await wb.q('[data-testid="terminal-tab-program"]').click()
    await wb.waitFor('[data-testid="terminal"]:visible')
    await wb.q(`[data-testid="terminal-tab-shell"] .terminal-tab-close`).click()
    await wb.waitGone('[data-testid="terminal-tab-shell"]')
    expect(wb.pageErrors).toEqual([])
  })
})
