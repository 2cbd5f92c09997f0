import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

const A = '/w/a.py'
const B = '/w/b.py'

function setup() {
  const host = new FakeHost()
  const model = new DebugModel(host)
  const lastSent = (path: string) => host.requests.filter((r) => r.command === 'setBreakpoints' && r.args.source.path === path).at(-1)?.args
  return { host, model, lastSent }
}

describe('DebugModel breakpoint actions', () => {
  it('sends conditions, hit counts and log messages at configuration time', async () => {
    const { model, lastSent } = setup()
    model.setBreakpointOptions(A, 3, { condition: 'i == 2', hitCondition: '>= 2' })
    model.setBreakpointOptions(A, 5, { logMessage: 'i={i}' })
    await model.start({ program: A })
    await settle()
    expect(lastSent(A).breakpoints).toEqual([
      { line: 3, condition: 'i == 2', hitCondition: '>= 2' },
      { line: 5, logMessage: 'i={i}' },
    ])
  })

  it('an edit during a session is sent at once, and the answer verifies the edited breakpoint', async () => {
    const { model, lastSent } = setup()
    model.toggleBreakpoint(A, 3)
    await model.start({ program: A })
    await settle()
    model.setBreakpointOptions(A, 3, { condition: 'x > 1' })
    expect(model.state.breakpoints[A][0].verified).toBe(false)
    await settle()
    expect(lastSent(A).breakpoints).toEqual([{ line: 3, condition: 'x > 1' }])
    expect(model.state.breakpoints[A][0]).toMatchObject({ verified: true, condition: 'x > 1' })
  })

  it("shows the tracer's message on a breakpoint whose condition is invalid", async () => {
    const { host, model } = setup()
    host.handlers.setBreakpoints = (args) => ({
      breakpoints: args.breakpoints.map((b: { line: number; condition?: string }, i: number) =>
        b.condition ? { id: i, verified: false, message: `invalid condition '${b.condition}': invalid syntax` } : { id: i, verified: true, line: b.line },
      ),
    })
    model.setBreakpointOptions(A, 3, { condition: 'x ==' })
    await model.start({ program: A })
    await settle()
    expect(model.state.breakpoints[A][0]).toMatchObject({ verified: false, message: "invalid condition 'x ==': invalid syntax" })
  })

  it('keeps the stop description on a breakpoint whose condition raised', async () => {
    const { host, model } = setup()
    model.setBreakpointOptions(A, 3, { condition: 'missing > 1' })
    await model.start({ program: A })
    await settle()
    const description = "The condition 'missing > 1' raised NameError: name 'missing' is not defined"
    host.emit('stopped', { reason: 'breakpoint', threadId: 1, hitBreakpointIds: [100], description })
    await settle()
    expect(model.state.breakpoints[A][0].message).toBe(description)
    expect(model.state.session?.stopReason).toBe(description)
  })

  it('a disabled breakpoint stays in the model but is not sent; enabling sends it again', async () => {
    const { model, lastSent } = setup()
    model.toggleBreakpoint(A, 3)
    model.toggleBreakpoint(A, 7)
    await model.start({ program: A })
    await settle()
    const [first] = model.state.breakpoints[A]
    model.setBreakpointEnabled(A, first.key, false)
    await settle()
    expect(lastSent(A).breakpoints).toEqual([{ line: 7 }])
    expect(model.state.breakpoints[A].map((b) => [b.line, b.enabled, b.verified])).toEqual([[3, false, false], [7, true, true]])
    model.setBreakpointEnabled(A, first.key, true)
    await settle()
    expect(lastSent(A).breakpoints).toEqual([{ line: 3 }, { line: 7 }])
  })

  it('disable all, enable all and remove all send every file, emptied files included', async () => {
    const { model, lastSent } = setup()
    model.toggleBreakpoint(A, 3)
    model.toggleBreakpoint(B, 4)
    await model.start({ program: A })
    await settle()
    model.setAllBreakpointsEnabled(false)
    await settle()
    expect([lastSent(A).breakpoints, lastSent(B).breakpoints]).toEqual([[], []])
    model.setAllBreakpointsEnabled(true)
    await settle()
    expect([lastSent(A).breakpoints, lastSent(B).breakpoints]).toEqual([[{ line: 3 }], [{ line: 4 }]])
    model.removeBreakpoint(B, model.state.breakpoints[B][0].key)
    await settle()
    expect(lastSent(B).breakpoints).toEqual([])
    model.removeAllBreakpoints()
    await settle()
    expect(model.state.breakpoints).toEqual({})
    expect(lastSent(A).breakpoints).toEqual([])
  })

  it('restoring a folder state replaces breakpoints, watches and exception settings', async () => {
    const { model } = setup()
    model.toggleBreakpoint(A, 1)
    model.restoreFolderState({
      breakpoints: { [B]: [{ key: 999, line: 2, enabled: true, verified: false }] },
      functionBreakpoints: [],
      watches: [{ id: 5, expression: 'x' }],
      exceptionSettings: { filters: { raised: { enabled: true } }, rules: [] },
    })
    expect(Object.keys(model.state.breakpoints)).toEqual([B])
    expect(model.state.watches.map((w) => w.expression)).toEqual(['x'])
    expect(model.state.exceptionSettings.filters.raised?.enabled).toBe(true)
  })
})
