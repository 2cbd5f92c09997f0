import type { DebugProtocol } from '@vscode/debugprotocol'
import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'
import { pastPosition, pastText } from './stepBack'

const frame = (id: number, name: string, line: number): DebugProtocol.StackFrame => ({ id, name, line, column: 1, source: { path: '/w/a.py', name: 'a.py' } })

/**
 * A Bugscope-like tracer that records: it claims supportsStepBack once attached (a `capabilities` event), and
 * answers stepBack, reverseContinue and bugscope/lastAssignment with a stopped event whose `past` says how far back
 * the stop shows; a `next` from the past comes back to the live stop.
 */
function setup(options: { recordsStepBack?: boolean } = {}) {
  const host = new FakeHost()
  const world = { stepsBack: 0 }
  host.handlers.launch = (args: { stepBack?: boolean }) => {
    if (args.stepBack) setTimeout(() => host.emit('capabilities', { capabilities: { supportsStepBack: true } }), 0)
    return undefined
  }
  host.handlers.stackTrace = () => ({
    stackFrames: world.stepsBack ? [frame(50 + world.stepsBack, 'square', 10), frame(60, 'main', 19)] : [frame(11, 'main', 24)],
  })
  const announce = () =>
    setTimeout(() => {
      host.emit('stopped', world.stepsBack
        ? { reason: 'step', threadId: 1, allThreadsStopped: true, description: `Showing the past: step ${world.stepsBack} of 40 back`, past: { stepsBack: world.stepsBack, of: 40 } }
        : { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
    }, 0)
  host.handlers.stepBack = () => {
    world.stepsBack++
    announce()
    return undefined
  }
  host.handlers.reverseContinue = () => {
    world.stepsBack = 40
    announce()
    return undefined
  }
  host.handlers['bugscope/lastAssignment'] = (args: { name: string }) => {
    if (args.name !== 'total') throw new Error(`bugscope: no recorded line assigned '${args.name}'`)
    world.stepsBack = 5
    announce()
    return { line: 20, value: '14', stepsBack: 5 }
  }
  host.handlers.next = () => {
    if (world.stepsBack) {
      world.stepsBack = 0
      announce()
    }
    return undefined
  }
  host.handlers.variables = () => ({ variables: [{ name: 'total', value: '5', variablesReference: 0, presentationHint: { attributes: ['readOnly'] } }] })
  const model = new DebugModel(host, { recordsStepBack: () => options.recordsStepBack ?? true })
  return { host, model, world }
}

async function stopped(host: FakeHost, model: DebugModel) {
  await model.start({ program: '/w/a.py' })
  await settle()
  host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
  await settle()
}

describe('step back', () => {
  it('reads the past position from a stopped event, and only a real one', () => {
    expect(pastPosition({ reason: 'step', past: { stepsBack: 3, of: 40 } } as DebugProtocol.StoppedEvent['body'])).toEqual({ stepsBack: 3, of: 40 })
    expect(pastPosition({ reason: 'breakpoint' })).toBeUndefined()
    expect(pastPosition({ reason: 'step', past: { stepsBack: 0, of: 40 } } as DebugProtocol.StoppedEvent['body'])).toBeUndefined()
    expect(pastText({ stepsBack: 3, of: 40 })).toBe('Showing the past: step 3 of 40 back')
  })

  it('launches with stepBack when the workbench records, and not otherwise', async () => {
    const on = setup()
    await on.model.start({ program: '/w/a.py' })
    expect(on.host.requests.find((r) => r.command === 'launch')?.args.stepBack).toBe(true)
    const off = setup({ recordsStepBack: false })
    await off.model.start({ program: '/w/a.py' })
    expect(off.host.requests.find((r) => r.command === 'launch')?.args).not.toHaveProperty('stepBack')
  })

  it('Step Back shows the past (its frames, "past" in the state) and F10 comes back to the live stop', async () => {
    const { host, model } = setup()
    await stopped(host, model)
    expect(model.state.session?.capabilities.supportsStepBack).toBe(true)
    expect(model.state.session?.past).toBeUndefined()
    await model.stepBack()
    await settle()
    let s = model.state.session!
    expect(host.requests.find((r) => r.command === 'stepBack')?.args).toEqual({ threadId: 1 })
    expect(s.status).toBe('stopped')
    expect(s.past).toEqual({ stepsBack: 1, of: 40 })
    expect(s.stopReason).toBe('Showing the past: step 1 of 40 back')
    expect(s.frames.map((f) => [f.name, f.line])).toEqual([['square', 10], ['main', 19]])
    await model.stepOver()
    await settle()
    s = model.state.session!
    expect(s.past).toBeUndefined()
    expect(s.frames.map((f) => [f.name, f.line])).toEqual([['main', 24]])
  })

  it('Reverse Continue goes back, and a continue clears the past with the stop', async () => {
    const { host, model } = setup()
    await stopped(host, model)
    await model.reverseContinue()
    await settle()
    expect(model.state.session?.past).toEqual({ stepsBack: 40, of: 40 })
    host.emit('continued', { threadId: 1, allThreadsContinued: true })
    await settle()
    expect(model.state.session?.status).toBe('running')
    expect(model.state.session?.past).toBeUndefined()
  })

  it('"Where did this come from?" shows the line that assigned the local, and says so; a refusal is printed', async () => {
    const { host, model } = setup()
    await stopped(host, model)
    await model.lastAssignment('total')
    await settle()
    expect(host.requests.find((r) => r.command === 'bugscope/lastAssignment')?.args).toEqual({ threadId: 1, name: 'total', frameId: 11 })
    expect(model.state.session?.past).toEqual({ stepsBack: 5, of: 40 })
    expect(model.state.console.at(-1)?.text).toBe('total was last assigned on line 20 (5 steps back): it became 14')
    await model.lastAssignment('nothing')
    expect(model.state.console.at(-1)).toMatchObject({ kind: 'error', text: "Where did nothing come from: bugscope: no recorded line assigned 'nothing'" })
  })

  it('without recording, Step Back says why and sends nothing', async () => {
    const { host, model } = setup({ recordsStepBack: false })
    await stopped(host, model)
    await model.stepBack()
    expect(host.commands()).not.toContain('stepBack')
    expect(model.state.console.at(-1)?.kind).toBe('error')
  })

  it('switching recording during a session asks the tracer', async () => {
    const { host, model } = setup()
    host.handlers['bugscope/stepBackRecording'] = () => ({ enabled: false })
    await stopped(host, model)
    await model.setStepBackRecording(false)
    expect(host.requests.find((r) => r.command === 'bugscope/stepBackRecording')?.args).toEqual({ enabled: false })
  })
})
