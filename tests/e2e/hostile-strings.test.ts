// Strings from the debuggee are shown as text, never interpreted: HTML and script in values, names, output,
// file names, exception messages, thread and function names; ANSI/OSC escapes (the terminal alone interprets
// them, and refuses OSC 52 clipboard writes); a 200,000-character line that must not freeze the workbench.
// Run `npm run build` first.
import { describe, expect, it } from 'vitest'
import { chromiumPath, currentLine, useWorkbench, variable } from './workbenchFixture'

if (!chromiumPath) console.log('hostile-strings e2e skipped: Debian chromium is not installed (apt-get install -y chromium).')

const HTML = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>`
// Line numbers below are used by the test: keep them in step with the program.
const HOSTILE = `import sys
import threading
HTML = ${JSON.stringify(HTML)}
ESC = "\\x1b[31mred\\x1b[0m\\x1b]52;c;cHduZWQ=\\x07\\x1b]0;title\\x07"
LONG = "L" * 200_000


class Weird:
    def __repr__(self):
        return ESC + HTML


def stop_here(value):
    return value


stop_here.__code__ = stop_here.__code__.replace(co_name=HTML, co_qualname=HTML)
globals()[HTML] = "named"
weird = Weird()
long_value = LONG
release = threading.Event()
worker = threading.Thread(name=HTML + ESC, target=release.wait)
worker.start()
print(LONG)
print(HTML)
print(ESC + "coloured")
sys.stdout.flush()
stop_here(1)
release.set()
worker.join()
raise ValueError(HTML + ESC)
`
const STOP = 14 // return value, inside stop_here
/** The page's globals the test reads (the tests are compiled without the DOM types). */
type PageGlobals = {
  __pwned?: number
  __bugscopeTerminal(): { clipboardWritesRefused: number }
  navigator: { clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } }
}
const FILE_NAME = '<img src=x onerror=window.__pwned=3>.txt'

describe.skipIf(!chromiumPath)('hostile strings from the debuggee', () => {
  const wb = useWorkbench({ 'hostile.py': HOSTILE, [FILE_NAME]: 'text\n' })
  const { q, waitFor, text, waitForText } = wb

  /** The workbench's visible text holds no escape character and no element came from the program. */
  async function expectNothingInterpreted(): Promise<void> {
    expect(await wb.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned)).toBeUndefined()
    expect(await q('[data-testid="workbench"] img[src="x"], [data-testid="workbench"] script, [data-testid="workbench"] b').count()).toBe(0)
    for (const panel of ['variables', 'console-output', 'threads', 'callstack', 'explorer']) {
      const shown = await text(`[data-testid="${panel}"]`).catch(() => '')
      expect(shown, panel).not.toMatch(/[\x1b\x07\x9b\x9d]/)
    }
  }

  it('shows HTML, escapes and a 200,000-character value as text in every panel, and stays responsive', async () => {
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await wb.page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText('before').catch(() => undefined))
    await wb.openProject()
    await waitForText('[data-testid="explorer"]', /<img src=x onerror=window.__pwned=3>\.txt/)
    await wb.openFile('hostile.py')
    await q(`[data-testid="bp-slot"][data-line="${STOP}"]`).click()
    await waitFor(`[data-testid="breakpoint"][data-line="${STOP}"]`)
    await wb.page.keyboard.press('F5')
    await waitFor(currentLine(STOP))

    // Output: HTML as text in the terminal, the colour interpreted there, OSC 52 refused.
    await waitForText('[data-testid="terminal"]', /coloured/)
    const terminal = await text('[data-testid="terminal"]')
    expect(terminal).toContain('<img src=x onerror="window.__pwned=1"><script>')
    expect(terminal).not.toContain('\x1b')
    const counters = await wb.page.evaluate(() => (globalThis as unknown as PageGlobals).__bugscopeTerminal())
    expect(counters.clipboardWritesRefused).toBeGreaterThanOrEqual(1)
    const clipboard = await wb.page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText().catch(() => 'unreadable'))
    if (clipboard !== 'unreadable') expect(clipboard).toBe('before')

    // Variables: names and values as text; the escapes of a repr taken out; the long value cut.
    await waitFor(variable('Locals/value'))
    await q('[data-testid="frame"]').nth(1).click() // the module frame, with the globals
    await waitFor(variable('Locals/weird'))
    const value = (name: string) => text(`${variable(`Locals/${name}`)} [data-testid="variable-value"]`)
    expect(await value('weird')).toBe(`red${HTML}`)
    expect(await value('HTML')).toContain('<script>window.__pwned=2</script>')
    expect(await q(`[data-testid="variable"][data-name="${HTML.replace(/"/g, '\\"')}"] .var-name`).innerText()).toBe(HTML)
    const long = await value('long_value')
    expect(long.length).toBeLessThan(11_000)
    expect(long).toMatch(/^'L+/)

    // The call stack and threads show the function's and thread's names as text.
    expect(await text('[data-testid="callstack"]')).toContain(HTML)
    await waitForText('[data-testid="threads"]', /<img src=x onerror/)
    expect(await text('[data-testid="threads"]')).toContain(`${HTML}red`)

    // The console: an evaluated repr with escapes, as text.
    await q('[data-testid="console-input"]').fill('weird')
    await q('[data-testid="console-input"]').press('Enter')
    await waitForText('[data-testid="console-output"]', /red<img src=x/)

    // A click on another panel is handled at once, with the 200,000-character line in the terminal.
    const started = Date.now()
    await q(`[data-testid="explorer-item"][data-path$="/${FILE_NAME}"]`).click()
    expect(Date.now() - started).toBeLessThan(2000)
    await expectNothingInterpreted()

    // The exception widget: the message as text, without the escapes.
    await wb.page.keyboard.press('F5')
    await waitForText('[data-testid="exception-message"]', /<script>/)
    const message = await text('[data-testid="exception-message"]')
    expect(message).toBe(`ValueError: ${HTML}red`)
    await expectNothingInterpreted()
    await wb.page.keyboard.press('Shift+F5')
    await waitFor('[data-testid="btn-start"]:not([disabled])')
    expect(wb.pageErrors).toEqual([])
  })
})
