// The listener for a launch's child processes: who may announce a child, and what the adapter makes of it.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeMessage } from '../dap/framing'
import { CHILD_EVENT, ChildListener, childAttachConfiguration, parseAnnouncement, type ChildAnnouncement } from './children'

let listener: ChildListener | undefined
afterEach(() => listener?.dispose())

const announcement = (token: string, extra: Record<string, unknown> = {}) =>
  encodeMessage({ seq: 1, type: 'event', event: CHILD_EVENT, body: { token, pid: 4242, ppid: 4241, name: 'worker.py 1', port: 5000, attachToken: 'abc', ...extra } } as never)

function announce(port: number, data: Buffer): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(data)
      resolve(socket)
    })
  })
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())))

describe('child process announcements', () => {
  it('takes an announcement with the token and keeps its connection while the child runs', async () => {
    const children: ChildAnnouncement[] = []
    listener = await ChildListener.open((child) => children.push(child))
    const socket = await announce(listener.port, announcement(listener.token))
    await new Promise((r) => setTimeout(r, 100))
    expect(children).toEqual([{ pid: 4242, ppid: 4241, name: 'worker.py 1', port: 5000, attachToken: 'abc' }])
    expect(listener.runningPids).toEqual([4242])
    socket.destroy() // the child ended
    await new Promise((r) => setTimeout(r, 100))
    expect(listener.runningPids).toEqual([])
  })

  it('closes a peer with the wrong token, or that sends something else, and announces nothing', async () => {
    const children: ChildAnnouncement[] = []
    listener = await ChildListener.open((child) => children.push(child))
    const wrong = await announce(listener.port, announcement('not-the-token'))
    // A request first: the peer had its one chance, and the announcement after it is not read.
    const request = encodeMessage({ seq: 1, type: 'request', command: 'initialize' } as never)
    const other = await announce(listener.port, Buffer.concat([request, announcement(listener.token)]))
    const junk = await announce(listener.port, announcement(listener.token, { port: 70000 }))
    await Promise.all([closed(wrong), closed(other), closed(junk)])
    expect(children).toEqual([])
    expect(listener.runningPids).toEqual([])
  })

  it('validates every field it will use', () => {
    const body = { token: 't', pid: 10, ppid: 1, name: 'x', port: 80, attachToken: 'a' }
    expect(parseAnnouncement(body, 't')).toEqual({ pid: 10, ppid: 1, name: 'x', port: 80, attachToken: 'a' })
    expect(parseAnnouncement({ ...body, name: undefined }, 't')?.name).toBe('python')
    for (const bad of [{ token: 'u' }, { pid: 0 }, { pid: '10' }, { ppid: -1 }, { port: 0 }, { attachToken: '' }]) {
      expect(parseAnnouncement({ ...body, ...bad }, 't')).toBeNull()
    }
    expect(parseAnnouncement(null, 't')).toBeNull()
  })

  it("makes an attach configuration for the child's session, carrying the launch's options", () => {
    const child = { pid: 10, ppid: 1, name: 'worker.py', port: 5000, attachToken: 'a' }
    expect(childAttachConfiguration(child, { program: 'main.py', justMyCode: false, suspendPolicy: 'thread' })).toEqual({
      type: 'bugscope',
      request: 'attach',
      name: 'worker.py (pid 10)',
      host: '127.0.0.1',
      port: 5000,
      token: 'a',
      childProcess: { pid: 10, ppid: 1, name: 'worker.py' },
      subProcess: true,
      justMyCode: false,
      suspendPolicy: 'thread',
    })
    expect(childAttachConfiguration(child, { program: 'main.py' })).not.toHaveProperty('justMyCode')
  })

  it('a child of a launch that records for step back records too', () => {
    const child = { pid: 10, ppid: 1, name: 'worker.py', port: 5000, attachToken: 'a' }
    expect(childAttachConfiguration(child, { program: 'main.py', stepBack: true })).toMatchObject({ stepBack: true })
    expect(childAttachConfiguration(child, { program: 'main.py' })).not.toHaveProperty('stepBack')
  })
})
