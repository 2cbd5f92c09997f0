import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { DapConnection } from './connection'

/** Two connections wired back to back through in-memory streams. */
function pair() {
  const aToB = new PassThrough()
  const bToA = new PassThrough()
  return { a: new DapConnection(bToA, aToB, 'peer b'), b: new DapConnection(aToB, bToA, 'peer a') }
}

describe('DapConnection', () => {
  it('correlates a response with its request by request_seq', async () => {
    const { a, b } = pair()
    b.onRequest((req) => b.send({ type: 'response', request_seq: req.seq, command: req.command, success: true, body: { echo: req.arguments } }))
    const [r1, r2] = await Promise.all([a.request('one', { x: 1 }), a.request('two', { x: 2 })])
    expect(r1.body).toEqual({ echo: { x: 1 } })
    expect(r2.command).toBe('two')
  })

  it('delivers events to listeners', async () => {
    const { a, b } = pair()
    const got = new Promise<DebugProtocol.Event>((res) => a.onEvent(res))
    b.sendEvent('stopped', { reason: 'breakpoint', threadId: 1 })
    expect((await got).body).toEqual({ reason: 'breakpoint', threadId: 1 })
  })

  it('rejects a request that gets no answer within its timeout, naming the peer and the command', async () => {
    const { a } = pair()
    await expect(a.request('threads', undefined, 50)).rejects.toThrow("peer b did not answer 'threads' within 0.05 s")
  })

  it('rejects pending requests when the peer closes, and refuses new ones', async () => {
    const { a, b } = pair()
    const pending = a.request('continue', {}, 5000)
    b.close('bye')
    await expect(pending).rejects.toThrow(/no answer to 'continue'/)
    await expect(a.request('threads')).rejects.toThrow(/cannot send 'threads'/)
  })
})
