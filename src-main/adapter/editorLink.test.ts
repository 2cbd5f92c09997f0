// The stdio adapter's link to an editor: child sessions as DAP's reverse request `startDebugging`.
import { PassThrough } from 'node:stream'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { describe, expect, it } from 'vitest'
import { START_DEBUGGING_EVENT } from '../../src-preload/contract'
import { DapConnection } from '../dap/connection'
import { serveEditor, type AdapterEndpoint } from './editorLink'

const CHILD = { request: 'attach', configuration: { type: 'bugscope', request: 'attach', port: 4711, token: 't' } }

/** A stand-in adapter that announces a child process when it is launched, and records what it was asked. */
function fakeAdapter() {
  const listeners = new Set<(event: DebugProtocol.Event) => void>()
  const requests: DebugProtocol.Request[] = []
  const adapter: AdapterEndpoint = {
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async handleRequest(request) {
      requests.push(request)
      if (request.command === 'launch') {
        listeners.forEach((l) => l({ seq: 0, type: 'event', event: 'output', body: { output: 'hello\n' } }))
        listeners.forEach((l) => l({ seq: 0, type: 'event', event: START_DEBUGGING_EVENT, body: CHILD }))
      }
      return { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true }
    },
    async dispose() {},
  }
  return { adapter, requests }
}

/** The editor's end of a pair of pipes whose other end is served by `adapter`. */
function editorFor(adapter: AdapterEndpoint): DapConnection {
  const toAdapter = new PassThrough()
  const toEditor = new PassThrough()
  serveEditor(adapter, new DapConnection(toAdapter, toEditor, 'the editor'), () => {})
  return new DapConnection(toEditor, toAdapter, 'the adapter')
}

describe('stdio adapter: child processes', () => {
  it('asks an editor that supports it to start a session with startDebugging, and forwards other events', async () => {
    const { adapter, requests } = fakeAdapter()
    const editor = editorFor(adapter)
    const reverse: DebugProtocol.Request[] = []
    const events: string[] = []
    editor.onEvent((e) => events.push(e.event))
    editor.onRequest((request) => {
      reverse.push(request)
      editor.send({ type: 'response', request_seq: request.seq, command: request.command, success: true })
    })
    await editor.request('initialize', { adapterID: 'bugscope', supportsStartDebuggingRequest: true })
    await editor.request('launch', { program: 'main.py' })
    await new Promise((r) => setTimeout(r, 50))
    expect(reverse.map((r) => [r.command, r.arguments])).toEqual([['startDebugging', CHILD]])
    expect(events).toEqual(['output']) // the extension event itself is not sent
    expect(requests[1].arguments).toEqual({ program: 'main.py' })
  })

  it('launches without child sessions for an editor that cannot start them, unless the configuration asks', async () => {
    const { adapter, requests } = fakeAdapter()
    const editor = editorFor(adapter)
    const reverse: DebugProtocol.Request[] = []
    editor.onRequest((request) => reverse.push(request))
    await editor.request('initialize', { adapterID: 'bugscope' })
    await editor.request('launch', { program: 'main.py' })
    await editor.request('launch', { program: 'main.py', subProcess: true })
    await new Promise((r) => setTimeout(r, 50))
    expect(requests.slice(1).map((r) => r.arguments)).toEqual([
      { program: 'main.py', subProcess: false },
      { program: 'main.py', subProcess: true },
    ])
    expect(reverse).toEqual([])
  })
})
