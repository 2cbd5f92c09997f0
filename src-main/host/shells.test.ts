import { mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ShellEvent } from '../../src-preload/contract'
import { ptySupported } from '../process/pty'
import { ShellTerminals, userShell } from './shells'
import { isRunning } from '../../tests/integration/adapterClient'

const tracerDir = resolve(__dirname, '../../python')
const python = process.env.BUGSCOPE_TEST_PYTHON || 'python3'
let shells: ShellTerminals | undefined

afterEach(async () => {
  await shells?.dispose()
  shells = undefined
})

/** A shell set whose events are collected: `text(id)` is what a shell printed, `exits` how shells ended. */
function collect(options: Partial<ConstructorParameters<typeof ShellTerminals>[0]> = {}) {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'bugscope-shell-')))
  // A plain sh with a known prompt: the user's own shell start-up files are not part of the test.
  const set = new ShellTerminals({ tracerDir, python: () => python, cwd: () => folder, env: { ...process.env, SHELL: '/bin/sh', PS1: '$ ' }, ...options })
  shells = set
  const texts = new Map<string, string>()
  const exits = new Map<string, number>()
  set.onEvent((e: ShellEvent) => {
    if (e.kind === 'output') texts.set(e.shellId, (texts.get(e.shellId) ?? '') + e.data)
    else exits.set(e.shellId, e.code)
  })
  const waitFor = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output: ${JSON.stringify([...texts.values()])}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return { set, folder, text: (id: string) => texts.get(id) ?? '', exits, waitFor }
}

describe.skipIf(!ptySupported())('shell terminals', () => {
  it('runs the shell on a terminal in the project folder, taking keys and giving its output', async () => {
    const { set, folder, text, exits, waitFor } = collect()
    const { shellId, title, cwd } = await set.open({ columns: 90, rows: 20 })
    expect(title).toBe('sh')
    expect(cwd).toBe(folder)
    set.input(shellId, 'pwd; echo answer=$((6*7)); stty size; test -t 0 && echo on-a-tty\r')
    // "answer=42" is the shell's output, not the echo of the typed line (which says $((6*7))).
    await waitFor(() => /answer=42[\s\S]*on-a-tty/.test(text(shellId)), 'the command output')
    const output = text(shellId)
    expect(output).toContain(folder)
    expect(output).toContain('answer=42')
    expect(output).toContain('20 90')
    set.resize(shellId, { columns: 100, rows: 33 })
    set.input(shellId, 'stty size\r')
    await waitFor(() => text(shellId).includes('33 100'), 'the new size')
    set.input(shellId, 'exit 3\r')
    await waitFor(() => exits.has(shellId), 'the exit')
    expect(exits.get(shellId)).toBe(3)
    expect(set.ids).not.toContain(shellId)
    expect(() => set.input(shellId, 'x')).toThrow(/has ended/)
  })

  it('closing a shell ends it and what it runs, even a command that ignores SIGTERM', async () => {
    const { set, text, exits, waitFor } = collect()
    const { shellId } = await set.open({ columns: 80, rows: 24 })
    set.input(shellId, "trap '' TERM; sleep 60 & echo child=$!\r")
    await waitFor(() => /child=\d+/.test(text(shellId)), 'the background child')
    const child = Number(text(shellId).match(/child=(\d+)/)![1])
    await set.close(shellId)
    await waitFor(() => exits.has(shellId), 'the exit')
    const deadline = Date.now() + 3000
    const alive = () => isRunning(child)
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(alive()).toBe(false)
  })

  it('refuses a bad size, and keys for a shell that does not exist, with what to do', async () => {
    const { set } = collect()
    await expect(set.open({ columns: 0, rows: 24 })).rejects.toThrow(/columns.*rows/)
    expect(() => set.input('nope', 'ls\r')).toThrow(/open a new one/)
    expect(() => set.resize('nope', { columns: 80, rows: 24 })).toThrow(/open a new one/)
    await expect(set.close('nope')).resolves.toBeUndefined()
  })

  it('says how to fix it when the Python that holds the terminal is missing', async () => {
    const { set } = collect({ python: () => '/nonexistent/python3' })
    await expect(set.open({ columns: 80, rows: 24 })).rejects.toThrow(/held by Python.*\/nonexistent\/python3.*Choose an interpreter/)
    const unresolved = collect({
      python: () => {
        throw new Error("Python interpreter 'python3' was not found on PATH.")
      },
    })
    await expect(unresolved.set.open({ columns: 80, rows: 24 })).rejects.toThrow(/needs Python.*not found on PATH/)
  })
})

describe('the user shell', () => {
  it('is $SHELL when it can run, else a shell that exists', () => {
    expect(userShell({ SHELL: '/bin/sh' })).toBe('/bin/sh')
    expect(userShell({ SHELL: '/no/such/shell' })).toMatch(/^\/bin\/(bash|zsh|sh)$/)
    expect(userShell({ SHELL: 'relative-sh' })).toMatch(/^\/bin\//)
  })
})
