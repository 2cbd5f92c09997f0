import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'
import * as fn from './functionBreakpoints'

describe('function breakpoints', () => {
  it('are added by name once, sent when enabled, and paired with the answers', () => {
    let list = fn.addFunctionBreakpoint([], ' mod.func ')
    list = fn.addFunctionBreakpoint(list, 'mod.func')
    list = fn.addFunctionBreakpoint(list, 'Shape.area', { condition: 'self.w > 2' })
    list = fn.addFunctionBreakpoint(list, '   ')
    expect(list.map((b) => b.name)).toEqual(['mod.func', 'Shape.area'])
    list = fn.setFunctionBreakpointEnabled(list, list[0].key, false)
    expect(fn.setFunctionBreakpointsArguments(list)).toEqual({ breakpoints: [{ name: 'Shape.area', condition: 'self.w > 2' }] })
    list = fn.applyFunctionBreakpointsResponse(list, fn.sentFunctionBreakpoints(list), [{ id: 7, verified: false, message: 'Shape.area is not loaded yet' }])
    expect(list[1]).toMatchObject({ verified: false, dapId: 7, message: 'Shape.area is not loaded yet' })
    list = fn.applyFunctionBreakpointEvent(list, { reason: 'changed', breakpoint: { id: 7, verified: true, line: 12, source: { path: '/w/shapes.py' } } })
    expect(list[1]).toMatchObject({ verified: true, line: 12, path: '/w/shapes.py', message: undefined })
    expect(fn.functionBreakpointsFromStored(fn.storedFunctionBreakpoints(list)).map((b) => [b.name, b.enabled, b.condition])).toEqual([
      ['mod.func', false, undefined],
      ['Shape.area', true, 'self.w > 2'],
    ])
  })

  it('a suspend policy chosen for one is sent with it, kept across sessions, and stored for the folder', () => {
    let list = fn.addFunctionBreakpoint([], 'compute')
    list = fn.addFunctionBreakpoint(list, 'main')
    list = fn.setFunctionBreakpointSuspendPolicy(list, list[0].key, 'thread')
    expect(fn.setFunctionBreakpointsArguments(list)).toEqual({ breakpoints: [{ name: 'compute', suspendPolicy: 'thread' }, { name: 'main' }] })
    list = fn.resetFunctionVerification(fn.applyFunctionBreakpointsResponse(list, list, [{ id: 1, verified: true }, { id: 2, verified: true }]))
    expect(list[0].suspendPolicy).toBe('thread')
    const stored = JSON.parse(JSON.stringify(fn.storedFunctionBreakpoints(list)))
    expect(stored).toEqual([{ name: 'compute', enabled: true, suspendPolicy: 'thread' }, { name: 'main', enabled: true }])
    expect(fn.functionBreakpointsFromStored(stored).map((b) => b.suspendPolicy)).toEqual(['thread', undefined])
    expect(fn.setFunctionBreakpointSuspendPolicy(list, list[0].key, undefined)[0].suspendPolicy).toBeUndefined()
  })

  it('the model sends them at configuration and again on each change during the session', async () => {
    const host = new FakeHost()
    host.handlers.setFunctionBreakpoints = (args: { breakpoints: { name: string }[] }) => ({
      breakpoints: args.breakpoints.map((b, i) => ({ id: 50 + i, verified: true, line: 3, source: { path: `/w/${b.name}.py` } })),
    })
    const model = new DebugModel(host)
    model.addFunctionBreakpoint('compute')
    await model.start({ program: '/w/a.py' })
    await settle()
    const sent = () => host.requests.filter((r) => r.command === 'setFunctionBreakpoints').map((r) => r.args)
    expect(sent()).toEqual([{ breakpoints: [{ name: 'compute' }] }])
    expect(model.state.functionBreakpoints[0]).toMatchObject({ verified: true, dapId: 50, line: 3 })
    model.addFunctionBreakpoint('main')
    await settle()
    expect(sent().at(-1)).toEqual({ breakpoints: [{ name: 'compute' }, { name: 'main' }] })
    model.removeFunctionBreakpoint(model.state.functionBreakpoints[0].key)
    await settle()
    expect(sent().at(-1)).toEqual({ breakpoints: [{ name: 'main' }] })
  })
})
