import { describe, expect, it } from 'vitest'
import type { WireMessage } from '../src-preload/contract'
import { createWebSocketHost, type SocketLike } from './webSocketHost'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: WireMessage[] = []
  private handlers: Record<string, ((e: any) => void)[]> = {}
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.fire('close')
  }
  addEventListener(type: string, listener: (e: any) => void) {
    ;(this.handlers[type] ??= []).push(listener)
  }
  fire(type: string, e?: unknown) {
    if (type === 'open') this.readyState = 1
    for (const h of this.handlers[type] ?? []) h(e)
  }
  reply(msg: WireMessage) {
    this.fire('message', { data: JSON.stringify(msg) })
  }
}

describe('WebSocket host', () => {
  it('queues calls until the socket opens and matches results by id', async () => {
    const socket = new FakeSocket()
    const host = createWebSocketHost('ws://x/ipc?token=t', () => socket)
    const a = host.listDir('/w')
    const b = host.readFile('/w/a.py')
    expect(socket.sent).toEqual([])
    socket.fire('open')
    expect(socket.sent.map((m) => m.kind === 'invoke' && [m.id, m.method, m.args])).toEqual([
      [1, 'listDir', ['/w']],
      [2, 'readFile', ['/w/a.py']],
    ])
    socket.reply({ kind: 'result', id: 2, ok: false, error: 'File not found' })
    socket.reply({ kind: 'result', id: 1, ok: true, value: [] })
    await expect(a).resolves.toEqual([])
    await expect(b).rejects.toThrow('File not found')
    expect(host.transport).toBe('web')
  })

  it('delivers pushed session events to listeners', () => {
    const socket = new FakeSocket()
    const host = createWebSocketHost('ws://x', () => socket)
    const got: string[] = []
    host.onSessionEvent((e) => got.push(`${e.sessionId}:${e.event.event}`))
    socket.reply({ kind: 'push', event: { sessionId: 's', event: { seq: 1, type: 'event', event: 'stopped' } } })
    expect(got).toEqual(['s:stopped'])
  })

  it('rejects pending and later calls with a clear error when the socket closes', async () => {
    const socket = new FakeSocket()
    const host = createWebSocketHost('ws://x', () => socket)
    socket.fire('open')
    const pending = host.workspace()
    socket.close()
    await expect(pending).rejects.toThrow(/connection to the Bugscope host was lost/)
    await expect(host.getSettings()).rejects.toThrow(/reload this page/)
  })
})
