import { describe, expect, it } from 'vitest'
import * as data from './dataBreakpoints'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

describe('data breakpoints', () => {
  it('are added once per session and dataId, sent when enabled with their options, and paired with the answers', () => {
    let list = data.addDataBreakpoint([], 'S1', 'local:1', 'total (local of compute)')
    list = data.addDataBreakpoint(list, 'S1', 'local:1', 'total (local of compute)')
    list = data.addDataBreakpoint(list, 'S1', 'attribute:2', 'self.count')
    list = data.addDataBreakpoint(list, 'S2', 'local:1', 'x (local of child)')
    expect(list.map((b) => [b.sessionId, b.dataId])).toEqual([['S1', 'local:1'], ['S1', 'attribute:2'], ['S2', 'local:1']])
    list = data.setDataBreakpointOptions(list, list[1].key, { condition: ' new > old ', hitCondition: '>= 2' })
    list = data.setDataBreakpointEnabled(list, list[0].key, false)
    expect(data.setDataBreakpointsArguments(list, 'S1')).toEqual({
      breakpoints: [{ dataId: 'attribute:2', accessType: 'write', condition: 'new > old', hitCondition: '>= 2' }],
    })
    expect(data.dataBreakpointDetail(list[1])).toBe('if new > old · hit >= 2')
    list = data.applyDataBreakpointsResponse(list, data.sentDataBreakpoints(list, 'S1'), [{ id: 9, verified: true }])
    expect(list[1]).toMatchObject({ verified: true, dapId: 9 })
    // An event of another session with the same id is not about it.
    expect(data.applyDataBreakpointEvent(list, 'S2', { reason: 'changed', breakpoint: { id: 9, verified: false } })).toBe(list)
    list = data.applyDataBreakpointEvent(list, 'S1', { reason: 'changed', breakpoint: { id: 9, verified: false, message: 'compute() returned' } })
    expect(list[1]).toMatchObject({ verified: false, message: 'compute() returned' })
    // Blank options clear them.
    expect(data.setDataBreakpointOptions(list, list[1].key, { condition: ' ', hitCondition: '' })[1]).not.toHaveProperty('condition')
    expect(data.forgetSession(list, 'S1').map((b) => b.sessionId)).toEqual(['S2'])
  })

  it('a stop on one says what changed; other stops keep their description', () => {
    expect(data.dataStopText({ reason: 'data breakpoint', threadId: 1, description: 'total changed: 0 → 3' })).toBe('Paused: total changed: 0 → 3')
    expect(data.dataStopText({ reason: 'breakpoint', threadId: 1 })).toBeUndefined()
  })
})

function setup() {
  const host = new FakeHost()
  const initialize = host.handlers.initialize
  host.handlers.initialize = (args, sessionId) => ({ ...(initialize(args, sessionId) as object), supportsDataBreakpoints: true })
  host.handlers.dataBreakpointInfo = (args: { variablesReference?: number; name: string; frameId?: number }) => {
    if (args.name === 'len(x)') return { dataId: null, description: 'len(x) cannot be watched: give a name, an attribute (a.b) or an item (a[k])' }
    return { dataId: `data:${args.variablesReference ?? args.frameId}:${args.name}`, description: args.name, accessTypes: ['write'] }
  }
  host.handlers.setDataBreakpoints = (args: { breakpoints: { dataId: string }[] }) => ({
    breakpoints: args.breakpoints.map((_b, i) => ({ id: 200 + i, verified: true })),
  })
  const model = new DebugModel(host)
  return { host, model }
}

describe('DebugModel data breakpoints', () => {
  it('"break when value changes" on a variable and on a watch expression asks the tracer, then sends the set', async () => {
    const { host, model } = setup()
    await model.start({ program: '/w/a.py' })
    host.emit('stopped', { reason: 'breakpoint', threadId: 1 })
    await settle()
    await model.breakOnValueChange({ variablesReference: 110, name: 'total' })
    await model.breakOnValueChange({ expression: "d['k']" }) // in the selected frame (11)
    await settle()
    const infos = host.requests.filter((r) => r.command === 'dataBreakpointInfo').map((r) => r.args)
    expect(infos).toEqual([{ variablesReference: 110, name: 'total' }, { name: "d['k']", frameId: 11 }])
    const sent = host.requests.filter((r) => r.command === 'setDataBreakpoints').map((r) => r.args)
    expect(sent.at(-1)).toEqual({ breakpoints: [{ dataId: 'data:110:total', accessType: 'write' }, { dataId: "data:11:d['k']", accessType: 'write' }] })
    expect(model.state.dataBreakpoints.map((b) => [b.description, b.verified, b.dapId])).toEqual([['total', true, 200], ["d['k']", true, 201]])

    // What cannot be watched is said in the console; nothing is added.
    await model.breakOnValueChange({ expression: 'len(x)' })
    expect(model.state.console.at(-1)?.text).toMatch(/Cannot break when len\(x\) changes: .*cannot be watched/)
    expect(model.state.dataBreakpoints).toHaveLength(2)

    // The tracer says one is gone; a data breakpoint stop shows the change; removing one sends the rest.
    host.emit('breakpoint', { reason: 'changed', breakpoint: { id: 200, verified: false, message: 'compute() returned: its local total is gone' } })
    await settle()
    expect(model.state.dataBreakpoints[0]).toMatchObject({ verified: false, message: 'compute() returned: its local total is gone' })
    await model.continue()
    host.emit('stopped', { reason: 'data breakpoint', threadId: 1, description: "d['k'] changed: 0 → 20", hitBreakpointIds: [201] })
    await settle()
    expect(model.state.session?.stopReason).toBe("Paused: d['k'] changed: 0 → 20")
    model.setDataBreakpointOptions(model.state.dataBreakpoints[1].key, { condition: 'new > 30' })
    model.removeDataBreakpoint(model.state.dataBreakpoints[0].key)
    await settle()
    expect(host.requests.filter((r) => r.command === 'setDataBreakpoints').at(-1)?.args).toEqual({
      breakpoints: [{ dataId: "data:11:d['k']", accessType: 'write', condition: 'new > 30' }],
    })

    // They name values of this run: they go when the session ends.
    await model.stop()
    await settle()
    expect(model.state.dataBreakpoints).toEqual([])
  })
})
