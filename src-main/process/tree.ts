// The one process-spawning helper: children get their own process group (POSIX) so that stopping a
// session also stops whatever the debuggee started, and nothing is left running.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

export interface ExitStatus {
  /** Exit code; for a signal, 128 + its number, as a shell reports it. */
  code: number
  signal: NodeJS.Signals | null
}

export interface SpawnedTree {
  child: ChildProcess
  /** Resolves when the process has exited (or failed to start: then code is -1 and `error` is set). */
  exited: Promise<ExitStatus & { error?: Error }>
  /** Ends the process group: SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
  kill(graceMs?: number): Promise<void>
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6 }

export function spawnTree(command: string, args: string[], options: SpawnOptions): SpawnedTree {
  const child = spawn(command, args, { ...options, detached: process.platform !== 'win32', windowsHide: true })
  // Keys written after the process ended fail with EPIPE on a later tick: it has gone, there is nobody to tell.
  child.stdin?.on('error', () => undefined)
  let done = false
  const exited = new Promise<ExitStatus & { error?: Error }>((resolve) => {
    child.once('error', (error) => {
      if (done) return
      done = true
      resolve({ code: -1, signal: null, error })
    })
    child.once('exit', (code, signal) => {
      if (done) return
      done = true
      resolve({ code: code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0), signal })
    })
  })
  const signalTree = (signal: NodeJS.Signals) => {
    if (done || child.pid === undefined) return
    try {
      if (process.platform === 'win32') child.kill(signal)
      else process.kill(-child.pid, signal)
    } catch {
      // Already gone.
    }
  }
  return {
    child,
    exited,
    async kill(graceMs = 1500) {
      if (done) return
      signalTree('SIGTERM')
      const timer = setTimeout(() => signalTree('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
      // The leader is gone; make sure no grandchild survives it.
      try {
        if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // No group left.
      }
    },
  }
}
