import { describe, expect, it } from 'vitest'
import { START_DEBUGGING_EVENT } from '../../src-preload/contract'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'
import { processTree } from './processes'

const PROGRAM = '/w/pool.py'
const CHILD_CONFIG = {
  type: 'bugscope',
  request: 'attach',
  name: 'python -c spawn_main (pid 4242)',
  host: '127.0.0.1',
  port: 40001,
  token: 'child-token',
  childProcess: { pid: 4242, ppid: 4000, name: 'multiprocessing worker' },
  parentSession: 'S1',
}

async function withChild() {
  const host = new FakeHost()
  host.nextSessionIds.push('S1', 'C1')
  host.handlers.attach = () => undefined
  const model = new DebugModel(host)
  model.toggleBreakpoint(PROGRAM, 7)
  await model.start({ program: PROGRAM, cwd: '/w' })
  await settle()
  host.emit(START_DEBUGGING_EVENT, { request: 'attach', configuration: CHILD_CONFIG }, 'S1')
  await settle()
  return { host, model }
}

describe('child processes', () => {
  it('attach a new session for a child process with the adapter configuration and send it the breakpoints', async () => {
    const { host, model } = await withChild()
    const child = host.requestsOf('C1')
    expect(child.map((r) => r.command).slice(0, 2)).toEqual(['initialize', 'attach'])
    expect(child[1].args).toEqual(CHILD_CONFIG)
    expect(child.find((r) => r.command === 'setBreakpoints')?.args.breakpoints).toEqual([{ line: 7 }])
    expect(child.map((r) => r.command)).toContain('configurationDone')
    expect(model.state.processes.map((p) => [p.sessionId, p.name, p.pid, p.status])).toEqual([
      ['S1', PROGRAM, undefined, 'running'],
      ['C1', 'multiprocessing worker', 4242, 'running'],
    ])
    expect(model.state.session?.id).toBe('S1') // the launched program stays shown
  })

  it('bring a child that stops to the front, act on the shown one, and switch back on request', async () => {
    const { host, model } = await withChild()
    host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true }, 'C1')
    await settle()
    expect(model.state.session?.id).toBe('C1')
    expect(model.state.session?.status).toBe('stopped')
    expect(model.state.processes.find((p) => p.sessionId === 'C1')?.status).toBe('stopped')
    await model.continue()
    expect(host.requestsOf('C1').filter((r) => r.command === 'continue')).toHaveLength(1)
    expect(host.requestsOf('S1').filter((r) => r.command === 'continue')).toHaveLength(0)
    model.selectProcess('S1')
    expect(model.state.session?.id).toBe('S1')
    await model.stepOver() // the root is running: nothing is sent
    expect(host.requests.filter((r) => r.command === 'next')).toEqual([])
  })

  it('drop a child that ends and show the program again; ending the program ends every child', async () => {
    const { host, model } = await withChild()
    host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true }, 'C1')
    await settle()
    host.emit('terminated', undefined, 'C1')
    await settle()
    expect(model.state.processes.map((p) => p.sessionId)).toEqual(['S1'])
    expect(model.state.session?.id).toBe('S1')
    expect(host.disposed).toContain('C1')

    host.emit(START_DEBUGGING_EVENT, { request: 'attach', configuration: { ...CHILD_CONFIG, childProcess: { pid: 4243, ppid: 4000, name: 'w2' } } }, 'S1')
    host.nextSessionIds.push('C2')
    await settle()
    host.emit('terminated', undefined, 'S1')
    await settle()
    expect(model.state.session).toBeNull()
    expect(model.state.processes).toEqual([])
    const disconnects = host.requests.filter((r) => r.command === 'disconnect')
    expect(disconnects.every((r) => r.args.terminateDebuggee === true)).toBe(true)
  })
})

describe('processTree', () => {
  it('orders each process after its parent with its depth; orphans hang under the root', () => {
    const tree = processTree([
      { sessionId: 'r', name: 'main', pid: 10, status: 'running' },
      { sessionId: 'b', name: 'grandchild', pid: 30, parentPid: 20, status: 'running' },
      { sessionId: 'a', name: 'child', pid: 20, parentPid: 10, status: 'stopped' },
      { sessionId: 'o', name: 'orphan', pid: 40, parentPid: 99, status: 'running' },
    ])
    expect(tree.map(({ entry, depth }) => `${depth}:${entry.name}`)).toEqual(['0:main', '1:child', '2:grandchild', '1:orphan'])
  })
})
