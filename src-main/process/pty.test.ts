import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkedTerminalSize, ptySupported, spawnInPty, terminalEnv, type PtyProcess } from './pty'

const tracerDir = resolve(__dirname, '../../python')
const python = process.env.BUGSCOPE_TEST_PYTHON || 'python3'

/** Runs `code` on a pty; collects the terminal's text. */
function run(code: string, size = { columns: 100, rows: 30 }): PtyProcess & { text(): string; waitFor(pattern: RegExp): Promise<string> } {
  const proc = spawnInPty(python, tracerDir, python, ['-c', code], { cwd: process.cwd(), env: { ...process.env }, size })
  let text = ''
  const waiters: (() => void)[] = []
  proc.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk
    waiters.splice(0).forEach((w) => w())
  })
  proc.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no ${pattern} in terminal text: ${JSON.stringify(text)}`)), 10_000)
      const check = () => {
        if (pattern.test(text)) {
          clearTimeout(timer)
          res(text)
        } else waiters.push(check)
      }
      check()
    })
  return Object.assign(proc, { text: () => text, waitFor })
}

describe.skipIf(!ptySupported())('a program on a pseudo-terminal', () => {
  it('sees a TTY of the given size on stdin, stdout and stderr, with TERM set for xterm', async () => {
    const p = run('import sys, shutil, os; print("tty", sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty(), tuple(shutil.get_terminal_size()), os.environ["TERM"])', { columns: 91, rows: 17 })
    expect((await p.exited).code).toBe(0)
    expect(p.text()).toContain('tty True True True (91, 17) xterm-256color')
  })

  it('reads typed lines with input(), echoed by the terminal', async () => {
    const p = run('name = input("name? "); print("hello", name.upper())')
    await p.waitFor(/name\? /)
    p.write('ada\r')
    expect((await p.exited).code).toBe(0)
    expect(p.text()).toMatch(/name\? ada\r\nhello ADA\r\n/)
  })

  it('interrupts the program with Ctrl+C, as a terminal does', async () => {
    const p = run('import time\ntry:\n    print("sleeping", flush=True); time.sleep(30)\nexcept KeyboardInterrupt:\n    print("interrupted"); raise SystemExit(7)')
    await p.waitFor(/sleeping/)
    p.write('\x03')
    expect((await p.exited).code).toBe(7)
    expect(p.text()).toContain('interrupted')
  })

  it('follows a resize: the program gets SIGWINCH and the new size', async () => {
    const p = run('import signal, shutil, sys\nsignal.signal(signal.SIGWINCH, lambda *a: (print("size", tuple(shutil.get_terminal_size())), sys.exit(0)))\nprint("ready", flush=True)\nsignal.pause()')
    await p.waitFor(/ready/)
    p.resize({ columns: 120, rows: 40 })
    expect((await p.exited).code).toBe(0)
    expect(p.text()).toContain('size (120, 40)')
  })

  it('reports the exit status of the program, and 128+N when a signal ended it', async () => {
    expect((await run('raise SystemExit(5)').exited).code).toBe(5)
    expect((await run('import os, signal; os.kill(os.getpid(), signal.SIGTERM)').exited).code).toBe(128 + 15)
  })

  it('ends a program that ignores SIGTERM when killed, and leaves no process behind', async () => {
    const p = run('import signal, time, os\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("pid", os.getpid(), flush=True)\ntime.sleep(60)')
    const pid = Number((await p.waitFor(/pid \d+/)).match(/pid (\d+)/)![1])
    const started = Date.now()
    await p.kill()
    expect(Date.now() - started).toBeLessThan(5000)
    await new Promise((r) => setTimeout(r, 200))
    expect(() => process.kill(pid, 0)).toThrow()
  })

  it('says so when the command cannot be run', async () => {
    const proc = spawnInPty(python, tracerDir, join(tracerDir, 'no-such-program'), [], { cwd: process.cwd(), env: { ...process.env }, size: { columns: 80, rows: 24 } })
    let text = ''
    proc.child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c))
    expect((await proc.exited).code).toBe(127)
    expect(text).toMatch(/Could not run .*no-such-program/)
  })

  it('drops keys and resizes after the program has ended instead of failing', async () => {
    const p = run('pass')
    await p.exited
    expect(() => {
      p.write('late\r')
      p.resize({ columns: 10, rows: 10 })
    }).not.toThrow()
  })
})

describe('terminal sizes and environment', () => {
  it('accepts whole sizes from 1 to 10000 only', () => {
    expect(checkedTerminalSize({ columns: 80, rows: 24 })).toEqual({ columns: 80, rows: 24 })
    for (const bad of [null, 'x', { columns: 0, rows: 5 }, { columns: 5.5, rows: 5 }, { columns: 80 }, { columns: 80, rows: 10001 }]) {
      expect(checkedTerminalSize(bad)).toBeNull()
    }
  })

  it('tells the program it is on an xterm with 24-bit colour, whatever the app was started from, unless the launch chose a TERM', () => {
    expect(terminalEnv({ TERM: 'dumb' })).toMatchObject({ TERM: 'xterm-256color', COLORTERM: 'truecolor' })
    expect(terminalEnv({ TERM: 'dumb' }, 'screen').TERM).toBe('screen')
  })
})
