// The shell terminals: the user's shell on a pty (process/pty.ts) in the project folder, one per terminal tab.
// Each belongs to the window (or browser page) that opened it, and ends with it.
import { randomUUID } from 'node:crypto'
import { accessSync, constants, existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { ShellEvent } from '../../src-preload/contract'
import { checkedTerminalSize, ptySupported, spawnInPty, type PtyProcess } from '../process/pty'

/** Programs tried when $SHELL names none that can run. */
const FALLBACK_SHELLS = ['/bin/bash', '/bin/zsh', '/bin/sh']
/** The most shells one window may have open: each is a process pair. */
export const MAX_SHELLS = 16

export interface ShellOptions {
  tracerDir: string
  /** The interpreter that hosts the pty (the settings' choice, resolved), and where shells start. */
  python: () => string
  cwd: () => string | null
  env?: NodeJS.ProcessEnv
}

function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The user's shell: $SHELL when it runs, else the first of bash, zsh, sh found. */
export function userShell(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.SHELL, ...FALLBACK_SHELLS].filter((s): s is string => !!s && s.startsWith('/'))
  return candidates.find(runnable) ?? null
}

export class ShellTerminals {
  private readonly shells = new Map<string, PtyProcess>()
  private readonly listeners = new Set<(e: ShellEvent) => void>()

  constructor(private readonly options: ShellOptions) {}

  async open(size: unknown): Promise<{ shellId: string; title: string; cwd: string }> {
    if (!ptySupported()) throw new Error('The shell terminal needs a POSIX system (Linux, macOS): Windows has no pseudo-terminals Bugscope can use yet.')
    if (this.shells.size >= MAX_SHELLS) throw new Error(`${MAX_SHELLS} shells are open already: close one first.`)
    const checked = checkedTerminalSize(size)
    if (!checked) throw new Error('openShell needs a size: whole "columns" and "rows" from 1 to 10000.')
    const env = this.options.env ?? process.env
    const shell = userShell(env)
    if (!shell) throw new Error('No shell found: set SHELL to one (bash, zsh, sh).')
    const folder = this.options.cwd()
    const cwd = folder && existsSync(folder) ? folder : homedir()
    let python: string
    try {
      python = this.options.python()
    } catch (error) {
      throw new Error(`The shell terminal needs Python to hold its pseudo-terminal. ${(error as Error).message}`)
    }
    const proc = spawnInPty(python, this.options.tracerDir, shell, [], { cwd, env: { ...env }, size: checked })
    // The host is Python: when that interpreter is missing, say so in terms of what to do.
    const started = await new Promise<Error | null>((res) => {
      proc.child.once('spawn', () => res(null))
      proc.child.once('error', (error) => res(error))
    })
    if (started) {
      throw new Error(`The shell terminal could not start: its pseudo-terminal is held by Python, and ${python} did not run (${started.message}). Choose an interpreter in the status bar.`)
    }
    const shellId = randomUUID()
    this.shells.set(shellId, proc)
    const decoder = new StringDecoder('utf8')
    const send = (event: ShellEvent) => this.listeners.forEach((l) => l(event))
    const output = (chunk: Buffer) => {
      const data = decoder.write(chunk)
      if (data) send({ shellId, kind: 'output', data })
    }
    proc.child.stdout?.on('data', output)
    proc.child.stderr?.on('data', output) // the pty host's own complaints
    const closed = new Promise<void>((res) => proc.child.once('close', () => res()))
    void proc.exited.then(async (status) => {
      await Promise.race([closed, new Promise((res) => setTimeout(res, 500))])
      this.shells.delete(shellId)
      send({ shellId, kind: 'exit', code: status.code })
    })
    return { shellId, title: basename(shell), cwd }
  }

  input(shellId: unknown, data: unknown): void {
    if (typeof data !== 'string') throw new Error('shellInput needs the keys typed, as a string.')
    this.shell(shellId).write(data)
  }

  resize(shellId: unknown, size: unknown): void {
    const checked = checkedTerminalSize(size)
    if (!checked) throw new Error('resizeShell needs whole "columns" and "rows" from 1 to 10000.')
    this.shell(shellId).resize(checked)
  }

  async close(shellId: unknown): Promise<void> {
    const proc = typeof shellId === 'string' ? this.shells.get(shellId) : undefined
    if (proc) await proc.hangUp()
  }

  onEvent(listener: (e: ShellEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The shells that are still running. */
  get ids(): string[] {
    return [...this.shells.keys()]
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.shells.values()].map((p) => p.hangUp()))
    this.shells.clear()
    this.listeners.clear()
  }

  private shell(shellId: unknown): PtyProcess {
    const proc = typeof shellId === 'string' ? this.shells.get(shellId) : undefined
    if (!proc) throw new Error('That shell has ended: open a new one.')
    return proc
  }
}
