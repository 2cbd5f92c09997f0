// Bugscope tracers listening on this machine: each announces itself in the per-user runtime directory, and
// `python -m bugscope --list` reads those announcements (dropping dead processes) as JSON.
import { execFile } from 'node:child_process'
import type { LocalListener } from '../../src-preload/contract'

export function listLocalListeners(python: string, tracerDir: string, timeoutMs = 5000): Promise<LocalListener[]> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: [tracerDir, process.env.PYTHONPATH].filter(Boolean).join(process.platform === 'win32' ? ';' : ':') }
    delete env.BUGSCOPE_TOKEN
    execFile(python, ['-m', 'bugscope', '--list'], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`Could not list local Bugscope programs: ${stderr.trim() || error.message}`))
      try {
        const parsed = JSON.parse(stdout) as unknown
        const items = Array.isArray(parsed) ? parsed : []
        resolve(
          items
            .filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null && Number.isInteger(l.port) && Number.isInteger(l.pid))
            .map((l) => ({
              pid: l.pid as number,
              host: typeof l.host === 'string' ? l.host : '127.0.0.1',
              port: l.port as number,
              tls: l.tls === true,
              fingerprint: typeof l.fingerprint === 'string' ? l.fingerprint : undefined,
              program: typeof l.program === 'string' ? l.program : undefined,
              python: typeof l.python === 'string' ? l.python : undefined,
              cwd: typeof l.cwd === 'string' ? l.cwd : undefined,
              token: typeof l.token === 'string' ? l.token : undefined,
            })),
        )
      } catch {
        reject(new Error(`Could not list local Bugscope programs: unexpected output ${JSON.stringify(stdout.slice(0, 200))}`))
      }
    })
  })
}
