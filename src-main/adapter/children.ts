// Child processes of a launched program (subprocess, multiprocessing, os.fork): each one's tracer listens on its own
// port and announces itself here; the adapter turns each announcement into a new session's attach configuration
// (START_DEBUGGING_EVENT). See docs/tracer-protocol.md, "Child processes".
import { createServer, type Server, type Socket } from 'node:net'
import type { AttachArguments, LaunchArguments } from '../../src-preload/contract'
import { DapConnection } from '../dap/connection'
import { newToken, tokensEqual } from './tracerLink'

/** The event a child's tracer sends first (and only) on its announcing connection. */
export const CHILD_EVENT = 'bugscope/child'
/** The debuggee's environment: where to announce, and the token an announcement must carry. */
export const CHILD_ADDRESS_VARIABLE = 'BUGSCOPE_SUBPROCESS'
export const CHILD_TOKEN_VARIABLE = 'BUGSCOPE_SUBPROCESS_TOKEN'

const ANNOUNCE_TIMEOUT_MS = 5000
/** An announcement is a few hundred bytes; a peer that sends more before it is not one. */
const MAX_ANNOUNCEMENT_BYTES = 64 * 1024

export interface ChildAnnouncement {
  pid: number
  ppid: number
  /** The child's command line in short, for the process tree. */
  name: string
  /** Where the child's tracer listens (127.0.0.1) and the token it wants in `attach`. */
  port: number
  attachToken: string
}

/** The announcement in an event body, or null when it is not a valid one carrying `token`. */
export function parseAnnouncement(body: unknown, token: string): ChildAnnouncement | null {
  if (typeof body !== 'object' || body === null) return null
  const b = body as Record<string, unknown>
  const isPid = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0
  if (!tokensEqual(b.token, token) || !isPid(b.pid) || b.pid === 0 || !isPid(b.ppid)) return null
  if (!Number.isInteger(b.port) || (b.port as number) < 1 || (b.port as number) > 65535) return null
  if (typeof b.attachToken !== 'string' || !b.attachToken || b.attachToken.length > 1024) return null
  const name = typeof b.name === 'string' && b.name ? b.name.slice(0, 200) : 'python'
  return { pid: b.pid, ppid: b.ppid, name, port: b.port as number, attachToken: b.attachToken }
}

/** The attach configuration of a child's session: a normal attach to its tracer, marked as part of the tree. */
export function childAttachConfiguration(child: ChildAnnouncement, launch: LaunchArguments): AttachArguments & Record<string, unknown> {
  return {
    type: 'bugscope',
    request: 'attach',
    name: `${child.name} (pid ${child.pid})`,
    host: '127.0.0.1',
    port: child.port,
    token: child.attachToken,
    childProcess: { pid: child.pid, ppid: child.ppid, name: child.name },
    subProcess: true,
    ...(launch.justMyCode !== undefined ? { justMyCode: launch.justMyCode } : {}),
    ...(launch.suspendPolicy !== undefined ? { suspendPolicy: launch.suspendPolicy } : {}),
    ...(launch.stepBack ? { stepBack: true } : {}),
  }
}

/**
 * A 127.0.0.1 listener for the announcements of a launch's child processes. A peer that does not present the token
 * in its first message within the time limit is closed. An announcing connection stays open as long as its child
 * runs, so the listener knows which announced children are still alive (pids are never signalled after their
 * process is gone) and can end them with the session: also those that left the launch's process group.
 */
export class ChildListener {
  readonly token = newToken()
  private readonly pending = new Set<Socket>()
  private readonly running = new Map<Socket, number>()

  private constructor(
    private readonly server: Server,
    onChild: (child: ChildAnnouncement) => void,
  ) {
    server.on('connection', (socket) => this.take(socket, onChild))
  }

  static async open(onChild: (child: ChildAnnouncement) => void): Promise<ChildListener> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return new ChildListener(server, onChild)
  }

  get port(): number {
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('listener has no TCP address')
    return address.port
  }

  /** Process ids of the announced children that are still running. */
  get runningPids(): number[] {
    return [...this.running.values()]
  }

  /** Ends every announced child that still runs (SIGKILL: the session is over, nothing is left to say). */
  killRunning(): void {
    for (const [socket, pid] of this.running) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone; its connection closes any moment.
      }
      socket.destroy()
    }
    this.running.clear()
  }

  /** Stops taking announcements. Children that start later find nobody and run without a debugger. */
  dispose(): void {
    this.server.close()
    for (const socket of this.pending) socket.destroy()
    this.pending.clear()
  }

  private take(socket: Socket, onChild: (child: ChildAnnouncement) => void): void {
    this.pending.add(socket)
    const connection = new DapConnection(socket, socket, 'a child process')
    let received = 0
    let decided = false // one message decides: messages after it (even in the same chunk) are not looked at
    const decide = (child: ChildAnnouncement | null, reason = 'bad announcement') => {
      if (decided) return
      decided = true
      clearTimeout(timer)
      socket.off('data', countBytes)
      this.pending.delete(socket)
      if (!child) {
        connection.close(reason)
        socket.destroy()
        return
      }
      this.running.set(socket, child.pid)
      onChild(child)
    }
    const timer = setTimeout(() => decide(null, 'no announcement'), ANNOUNCE_TIMEOUT_MS)
    const countBytes = (chunk: Buffer) => {
      received += chunk.length
      if (received > MAX_ANNOUNCEMENT_BYTES) decide(null, 'announcement too large')
    }
    socket.on('data', countBytes)
    socket.once('close', () => {
      decide(null, 'closed')
      this.running.delete(socket)
    })
    connection.onRequest(() => decide(null))
    connection.onEvent((event) => decide(event.event === CHILD_EVENT ? parseAnnouncement(event.body, this.token) : null))
  }
}
