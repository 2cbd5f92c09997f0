// A launched program on the workbench's pseudo-terminal (LaunchArguments.terminal), through the real adapter and
// tracer: it sees a TTY, reads typed lines, is interrupted by Ctrl+C when running but not while stopped, and
// follows resizes. Without `terminal` (other DAP clients) it keeps pipes.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TERMINAL_INPUT_REQUEST, TERMINAL_RESIZE_REQUEST } from '../../src-preload/contract'
import { ptySupported } from '../../src-main/process/pty'
import { AdapterClient, isRunning } from './adapterClient'

const python = process.env.BUGSCOPE_TEST_PYTHON || 'python3'
let client: AdapterClient | undefined

afterEach(async () => {
  await client?.dispose()
  client = undefined
})

function program(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bugscope-terminal-'))
  const path = join(dir, 'main.py')
  writeFileSync(path, source)
  return path
}

async function waitForOutput(c: AdapterClient, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(c.output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in output: ${JSON.stringify(c.output())}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return c.output()
}

const type = (c: AdapterClient, data: string) => c.ok(TERMINAL_INPUT_REQUEST, { data })
// The program may have ended before the test asks: events are looked for from the session's first one.
const SINCE_START = 0

describe.skipIf(!ptySupported())('a launch on the pseudo-terminal', () => {
  it('gives the program a TTY of the panel size, and input() reads what is typed', async () => {
    client = new AdapterClient()
    const path = program('import sys, shutil\nprint("tty", sys.stdin.isatty(), sys.stdout.isatty(), tuple(shutil.get_terminal_size()), flush=True)\nname = input("name? ")\nprint("hello", name)\n')
    const launched = await client.start({ program: path, python, terminal: { columns: 97, rows: 21 } })
    expect(launched.success, launched.message).toBe(true)
    await waitForOutput(client, /name\? /)
    expect(client.output()).toContain('tty True True (97, 21)')
    await type(client, 'Grace\r')
    const exited = await client.waitFor('exited', undefined, 15_000, SINCE_START)
    expect(exited.body.exitCode).toBe(0)
    expect(client.output()).toMatch(/name\? Grace\r\nhello Grace/)
    // Every byte came as stdout: stderr shares the terminal, as in any terminal.
    expect(client.events.some((e) => e.event === 'output' && e.body.category === 'stderr')).toBe(false)
  })

  it('interrupts a running program with Ctrl+C; while it is stopped at a breakpoint Ctrl+C only says so', async () => {
    client = new AdapterClient()
    const path = program('import time\nstop = 1\ntry:\n    print("running", flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    print("interrupted", flush=True)\n')
    const launched = await client.start({ program: path, python, terminal: { columns: 80, rows: 24 } }, { [path]: [2] })
    expect(launched.success, launched.message).toBe(true)
    const stopped = await client.waitFor('stopped')
    await type(client, '\x03')
    await client.waitFor('output', (b) => b.category === 'console' && /Ctrl\+C/.test(b.output))
    expect(client.events.some((e) => e.event === 'terminated')).toBe(false)
    await client.ok('continue', { threadId: stopped.body.threadId })
    await waitForOutput(client, /running/)
    await type(client, '\x03')
    await waitForOutput(client, /interrupted/)
    expect((await client.waitFor('exited', undefined, 15_000, SINCE_START)).body.exitCode).toBe(0)
  })

  it('passes a resize to the program (SIGWINCH and the new size)', async () => {
    client = new AdapterClient()
    const path = program('import signal, shutil, sys\nsignal.signal(signal.SIGWINCH, lambda *a: (print("size", tuple(shutil.get_terminal_size()), flush=True), sys.exit(0)))\nprint("ready", flush=True)\nsignal.pause()\n')
    expect((await client.start({ program: path, python, terminal: { columns: 80, rows: 24 } })).success).toBe(true)
    await waitForOutput(client, /ready/)
    await client.ok(TERMINAL_RESIZE_REQUEST, { columns: 132, rows: 43 })
    await waitForOutput(client, /size \(132, 43\)/)
  })

  it('names the program itself in the process event, and stopping the session ends it', async () => {
    client = new AdapterClient()
    const path = program('import os, time\nprint("pid", os.getpid(), flush=True)\ntime.sleep(60)\n')
    expect((await client.start({ program: path, python, terminal: { columns: 80, rows: 24 } })).success).toBe(true)
    const pid = Number((await waitForOutput(client, /pid \d+/)).match(/pid (\d+)/)![1])
    const processEvent = client.events.find((e) => e.event === 'process')
    expect(processEvent?.body.systemProcessId).toBe(pid)
    await client.ok('terminate')
    await client.waitFor('terminated', undefined, 15_000, SINCE_START)
    const deadline = Date.now() + 5000
    while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(isRunning(pid)).toBe(false)
  })

  it('refuses a resize that is not a size, with a clear message', async () => {
    client = new AdapterClient()
    const path = program('import time\ntime.sleep(30)\n')
    expect((await client.start({ program: path, python, terminal: { columns: 80, rows: 24 } })).success).toBe(true)
    const response = await client.request(TERMINAL_RESIZE_REQUEST, { columns: -1, rows: 'x' })
    expect(response.success).toBe(false)
    expect(response.message).toMatch(/columns.*rows/)
    const noData = await client.request(TERMINAL_INPUT_REQUEST, { data: 42 })
    expect(noData.success).toBe(false)
  })
})

describe('a launch without a terminal (another DAP client)', () => {
  it('keeps pipes, and typed lines still reach stdin', async () => {
    client = new AdapterClient()
    const path = program('import sys\nprint("tty", sys.stdin.isatty(), sys.stdout.isatty(), flush=True)\nprint("got", input())\n')
    expect((await client.start({ program: path, python })).success).toBe(true)
    await waitForOutput(client, /tty False False/)
    await type(client, 'piped\r')
    await waitForOutput(client, /got piped/)
  })

  it('an internalConsole launch keeps pipes even when the workbench gives a size', async () => {
    client = new AdapterClient()
    const path = program('import sys\nprint("tty", sys.stdout.isatty(), flush=True)\n')
    expect((await client.start({ program: path, python, console: 'internalConsole', terminal: { columns: 80, rows: 24 } })).success).toBe(true)
    await client.waitFor('exited', undefined, 15_000, SINCE_START)
    expect(client.output()).toContain('tty False')
  })
})
