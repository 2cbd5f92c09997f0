import { describe, expect, it, vi } from 'vitest'
import { DapClient, DapError, responseErrorMessage } from './dapClient'
import { FakeHost } from './fakeHost'

describe('DapClient', () => {
  it('rejects with a clear error when no answer comes in time', async () => {
    vi.useFakeTimers()
    try {
      const host = new FakeHost()
      host.handlers.threads = () => new Promise(() => {})
      const client = new DapClient(host, 'S1', 10_000)
      const pending = client.request('threads')
      const check = expect(pending).rejects.toThrow(/did not answer 'threads' within 10 s/)
      await vi.advanceTimersByTimeAsync(10_001)
      await check
    } finally {
      vi.useRealTimers()
    }
  })

  it('turns success:false into a DapError with the adapter message', async () => {
    const host = new FakeHost()
    const client = new DapClient(host, 'S1')
    await expect(client.request('nonsense')).rejects.toBeInstanceOf(DapError)
    await expect(client.request('nonsense')).rejects.toThrow("unsupported request 'nonsense'")
  })

  it('formats DAP error bodies with their variables', () => {
    const message = responseErrorMessage('launch', {
      seq: 1, type: 'response', request_seq: 1, command: 'launch', success: false, message: 'x',
      body: { error: { id: 1, format: 'cannot run {path}', variables: { path: '/a.py' } } },
    })
    expect(message).toBe('cannot run /a.py')
  })

  it('delivers only the events of its own session', () => {
    const host = new FakeHost()
    const client = new DapClient(host, 'S1')
    const seen: string[] = []
    client.onEvent((e) => seen.push(e.event))
    host.emit('stopped')
    host.sessionId = 'S2'
    host.emit('continued')
    expect(seen).toEqual(['stopped'])
  })
})
