import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { pausedText } from './debugState'
import { BUGSCOPE_EXCEPTION_SUPPORT } from './exceptionSettings'
import { FakeHost, settle } from './fakeHost'

const TRACER_CAPABILITIES = {
  exceptionBreakpointFilters: BUGSCOPE_EXCEPTION_SUPPORT.filters,
  supportsExceptionOptions: true,
  supportsExceptionFilterOptions: true,
  supportsExceptionInfoRequest: true,
}

/** Like Bugscope's adapter: `initialize` has no filters; the tracer's capabilities follow `initialized` in an event. */
function setup(tracerCapabilities: object = TRACER_CAPABILITIES) {
  const host = new FakeHost()
  host.handlers.initialize = () => {
    setTimeout(() => {
      host.emit('initialized')
      host.emit('capabilities', { capabilities: tracerCapabilities })
    }, 0)
    return { supportsConfigurationDoneRequest: true, exceptionBreakpointFilters: [] }
  }
  const model = new DebugModel(host)
  const exceptionRequests = () => host.requests.filter((r) => r.command === 'setExceptionBreakpoints').map((r) => r.args)
  return { host, model, exceptionRequests }
}

describe('DebugModel exception settings', () => {
  it('sends the settings before configurationDone, with what the tracer announced', async () => {
    const { host, model, exceptionRequests } = setup()
    model.setExceptionFilterCondition('raised', 'isinstance(e, KeyError)')
    model.setExceptionRule('ValueError', 'never')
    await model.start({ program: '/w/a.py' })
    await settle()
    const commands = host.commands()
    expect(commands.lastIndexOf('setExceptionBreakpoints')).toBeLessThan(commands.indexOf('configurationDone'))
    expect(exceptionRequests().at(-1)).toEqual({
      filters: ['uncaught'],
      filterOptions: [{ filterId: 'raised', condition: 'isinstance(e, KeyError)' }],
      exceptionOptions: [{ path: [{ names: ['Python Exceptions'] }, { names: ['ValueError'] }], breakMode: 'never' }],
    })
    expect(model.state.exceptionSupport.filters.map((f) => f.filter)).toEqual(['raised', 'uncaught', 'userUnhandled'])
  })

  it('capabilities announced while the first request is on its way are sent again before configurationDone', async () => {
    // This debugger offers one filter, without conditions or per-type rules, and says so late.
    const late = { exceptionBreakpointFilters: [{ filter: 'raised', label: 'Raised', default: true }] }
    const { host, model, exceptionRequests } = setup({})
    let first = true
    host.handlers.setExceptionBreakpoints = () => {
      if (first) host.emit('capabilities', { capabilities: late })
      first = false
      return undefined
    }
    model.setExceptionRule('ValueError', 'never')
    await model.start({ program: '/w/a.py' })
    await settle()
    expect(exceptionRequests()).toEqual([
      { filters: ['uncaught'], exceptionOptions: [{ path: [{ names: ['Python Exceptions'] }, { names: ['ValueError'] }], breakMode: 'never' }] },
      { filters: ['raised'] },
    ])
    const commands = host.commands()
    expect(commands.lastIndexOf('setExceptionBreakpoints')).toBeLessThan(commands.indexOf('configurationDone'))
  })

  it("keeps the debugger's complaints about a filter condition or a rule, by filter and by type", async () => {
    const { host, model } = setup()
    host.handlers.setExceptionBreakpoints = (args) => ({
      breakpoints: [
        ...args.filters.map(() => ({ verified: true })),
        ...(args.filterOptions ?? []).map(() => ({ verified: false, message: "invalid condition 'exc ==': invalid syntax" })),
        ...(args.exceptionOptions ?? []).map(() => ({ verified: false, message: 'no such class: nope.Missing' })),
      ],
    })
    model.setExceptionFilterCondition('raised', 'exc ==')
    model.setExceptionRule('nope.Missing', 'always')
    await model.start({ program: '/w/a.py' })
    await settle()
    expect(model.state.exceptionProblems).toEqual({
      raised: "invalid condition 'exc ==': invalid syntax",
      'rule:nope.Missing': 'no such class: nope.Missing',
    })
    await model.stop()
    expect(model.state.exceptionProblems).toEqual({})
  })

  it('a tracer that offers no filters gets an empty request, and the panel shows none', async () => {
    const { model, exceptionRequests } = setup({ exceptionBreakpointFilters: [] })
    await model.start({ program: '/w/a.py' })
    await settle()
    expect(exceptionRequests().at(-1)).toEqual({ filters: [] })
    expect(model.state.exceptionSupport.filters).toEqual([])
  })

  it('changes during a session are sent at once; unchanged settings are not sent again', async () => {
    const { model, exceptionRequests } = setup()
    await model.start({ program: '/w/a.py' })
    await settle()
    const count = exceptionRequests().length
    model.setExceptionFilterEnabled('raised', true)
    await settle()
    expect(exceptionRequests().at(-1)).toEqual({ filters: ['raised', 'uncaught'] })
    model.setExceptionFilterEnabled('raised', true)
    model.removeExceptionRule('Nothing')
    await settle()
    expect(exceptionRequests().length).toBe(count + 1)
  })
})

describe('DebugModel exception widget', () => {
  const details = {
    typeName: 'ValueError',
    message: 'bad value',
    stackTrace: 'Traceback (most recent call last):\n  File "/w/a.py", line 3, in inner\nValueError: bad value\n',
    innerException: [{ typeName: 'KeyError', message: "'k'", stackTrace: 'Traceback …KeyError' }],
  }

  it('on an exception stop, asks exceptionInfo and keeps it with where the thread stopped', async () => {
    const { host, model } = setup()
    host.handlers.exceptionInfo = (args) => ({ exceptionId: 'ValueError', description: 'bad value', breakMode: 'unhandled', details, threadId: args.threadId })
    await model.start({ program: '/w/a.py' })
    await settle()
    host.emit('stopped', { reason: 'exception', threadId: 1, description: 'ValueError: bad value' })
    await settle()
    expect(host.requests.find((r) => r.command === 'exceptionInfo')?.args).toEqual({ threadId: 1 })
    expect(model.state.session?.exception).toMatchObject({
      threadId: 1,
      exceptionId: 'ValueError',
      breakMode: 'unhandled',
      details,
      location: { path: '/w/a.py', line: 3 },
    })
    model.closeExceptionWidget()
    expect(model.state.session?.exception).toBeUndefined()
  })

  it('without exceptionInfo support, shows the stop description; the widget goes when the program resumes', async () => {
    const { host, model } = setup({ exceptionBreakpointFilters: [] })
    await model.start({ program: '/w/a.py' })
    await settle()
    host.emit('stopped', { reason: 'exception', threadId: 1, description: 'ZeroDivisionError: division by zero' })
    await settle()
    expect(host.commands()).not.toContain('exceptionInfo')
    expect(model.state.session?.exception).toMatchObject({ exceptionId: 'Exception', description: 'ZeroDivisionError: division by zero' })
    await model.continue()
    expect(model.state.session?.exception).toBeUndefined()
  })

  it('"Ignore at this location" sends bugscope/ignoreExceptionAt with the stop location and closes the widget', async () => {
    const { host, model } = setup()
    host.handlers.exceptionInfo = () => ({ exceptionId: 'ValueError', breakMode: 'always' })
    host.handlers['bugscope/ignoreExceptionAt'] = () => undefined
    await model.start({ program: '/w/a.py' })
    await settle()
    host.emit('stopped', { reason: 'exception', threadId: 1 })
    await settle()
    await model.ignoreExceptionHere()
    expect(host.requests.at(-1)).toEqual({ command: 'bugscope/ignoreExceptionAt', args: { source: { path: '/w/a.py' }, line: 3 } })
    expect(model.state.session?.exception).toBeUndefined()
    expect(model.state.console.at(-1)?.text).toMatch(/are ignored \(listed under Breakpoints, kept for this folder\)/)
  })

  it('when the tracer refuses to ignore, the widget stays and says why', async () => {
    const { host, model } = setup()
    host.handlers.exceptionInfo = () => ({ exceptionId: 'ValueError', breakMode: 'always' })
    await model.start({ program: '/w/a.py' })
    await settle()
    host.emit('stopped', { reason: 'exception', threadId: 1 })
    await settle()
    await model.ignoreExceptionHere() // FakeHost has no handler: "unsupported request"
    expect(model.state.session?.exception?.ignoreError).toMatch(/unsupported request 'bugscope\/ignoreExceptionAt'/)
  })
})

describe('pausedText', () => {
  it("shows a stop's description as it is and prefixes a bare reason", () => {
    expect(pausedText('Paused on an uncaught exception')).toBe('Paused on an uncaught exception')
    expect(pausedText('breakpoint')).toBe('Paused on breakpoint')
    expect(pausedText(undefined)).toBe('Paused')
  })
})
