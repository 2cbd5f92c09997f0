// Programs on a pseudo-terminal: the debuggee of a launch and the shell terminal. Node has no ptys of its own
// (node-pty is a native module that would have to be built for each Electron), so a small standard-library
// Python script, python/bugscope/pty_host.py, holds the pty and relays it over pipes: keys on its stdin, the
// terminal's output on its stdout, "resize C R" lines on fd 3. POSIX only: Windows programs get pipes.
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import type { TerminalSize } from '../../src-preload/contract'
import { spawnTree, type SpawnedTree } from './tree'

export interface PtyProcess extends SpawnedTree {
  /** Keys (or pasted text) typed into the terminal; dropped once the program has ended. */
  write(data: string): void
  resize(size: TerminalSize): void
  /**
   * Ends it as closing a terminal window does: SIGHUP to its process group (an interactive shell ignores
   * SIGTERM), killed if still there after a grace. Resolves when it is gone.
   */
  hangUp(): Promise<void>
}

/** Whether programs can run on a pty here. */
export const ptySupported = (): boolean => process.platform !== 'win32'

/** The size used when the workbench gave none or an unusable one. */
export const DEFAULT_TERMINAL_SIZE: TerminalSize = { columns: 80, rows: 24 }

/** `size` if both numbers are whole and in 1..10000 (what pty_host.py accepts), else null. */
export function checkedTerminalSize(size: unknown): TerminalSize | null {
  if (!size || typeof size !== 'object') return null
  const { columns, rows } = size as Record<string, unknown>
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10000
  return ok(columns) && ok(rows) ? { columns, rows } : null
}

/**
 * The environment of a program on our terminal: it is xterm.js, which understands xterm's sequences and 24-bit
 * colour, whatever terminal (if any) the app was started from. `chosenTerm`: a TERM the launch configuration sets.
 */
export function terminalEnv(env: NodeJS.ProcessEnv, chosenTerm?: string): NodeJS.ProcessEnv {
  return { ...env, TERM: chosenTerm || 'xterm-256color', COLORTERM: 'truecolor' }
}

/**
 * Runs `command args…` on a new pty of `size`, hosted by `python` (any Python 3; the pty host imports nothing
 * else). The tree's child is the host: its stdout carries the terminal's output, its stderr the host's own
 * errors, and its exit status is the program's. Killing the tree reaches the program's own process group
 * through the host (it has a session of its own, as a terminal's programs do).
 */
export function spawnInPty(
  python: string,
  tracerDir: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; size: TerminalSize; chosenTerm?: string },
): PtyProcess {
  const size = checkedTerminalSize(options.size) ?? DEFAULT_TERMINAL_SIZE
  const host = join(tracerDir, 'bugscope', 'pty_host.py')
  const tree = spawnTree(python, ['-I', '-S', host, String(size.columns), String(size.rows), '--', command, ...args], {
    cwd: options.cwd,
    env: terminalEnv(options.env, options.chosenTerm),
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  })
  const keys = tree.child.stdin
  const control = tree.child.stdio[3] as Writable | null
  // As for stdin (spawnTree): a resize after the host has gone fails with EPIPE; the program has ended.
  control?.on('error', () => undefined)
  let ended = false
  void tree.exited.then(() => {
    ended = true
  })
  return {
    ...tree,
    write(data) {
      if (!ended && keys?.writable) keys.write(data)
    },
    async hangUp() {
      if (ended) return
      try {
        tree.child.kill('SIGHUP') // the host passes it on to the program's group
      } catch {
        // Already gone.
      }
      const gone = await Promise.race([tree.exited.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 2000))])
      if (!gone) await tree.kill()
    },
    resize(next) {
      const checked = checkedTerminalSize(next)
      if (checked && !ended && control?.writable) control.write(`resize ${checked.columns} ${checked.rows}\n`)
    },
  }
}
