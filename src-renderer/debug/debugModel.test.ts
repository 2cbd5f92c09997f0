import { describe, expect, it, vi } from 'vitest'
import { DebugModel } from './debugModel'
import { displayLine } from './breakpoints'
import { FakeHost, settle } from './fakeHost'

const PROGRAM = '/w/a.py'

function setup() {
  const host = new FakeHost()
  const errors: string[] = []
  const model = new DebugModel(host, { onError: (m) => errors.push(m) })
  const output: string[] = []
  model.onProgramOutput.on((t) => output.push(t))
  return { host, model, errors, output }
}

async function startStopped(host: FakeHost, model: DebugModel) {
  await model.start({ program: PROGRAM, cwd: '/w' })
  host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
  await settle()
}

describe('DebugModel launch sequence', () => {
  it('sends initialize, then launch without waiting, then on initialized the breakpoints and configurationDone', async () => {
    const { host, model } = setup()
    model.toggleBreakpoint(PROGRAM, 3)
    model.toggleBreakpoint('/w/b.py', 5)
    await model.start({ program: PROGRAM, cwd: '/w', python: '/usr/bin/python3' })
    await settle()

    const commands = host.commands()
    expect(commands.slice(0, 2)).toEqual(['initialize', 'launch'])
    expect(commands.indexOf('configurationDone')).toBeGreaterThan(commands.lastIndexOf('setBreakpoints'))
    expect(commands.filter((c) => c === 'setBreakpoints')).toHaveLength(2)
    expect(commands).toContain('setExceptionBreakpoints')
    expect(host.requests[0].args).toMatchObject({ adapterID: 'bugscope', pathFormat: 'path', linesStartAt1: true })
    // The program runs on a terminal of the panel's size (80×24 until the panel has been measured).
    expect(host.requests[1].args).toEqual({ program: PROGRAM, cwd: '/w', python: '/usr/bin/python3', terminal: { columns: 80, rows: 24 } })
    const sent = host.requests.find((r) => r.command === 'setBreakpoints' && r.args.source.path === PROGRAM)
    expect(sent?.args.breakpoints).toEqual([{ line: 3 }])
    expect(model.state.session?.status).toBe('running')
  })

  it('marks breakpoints verified and shows them on the line the session chose', async () => {
    const { host, model } = setup()
    host.handlers.setBreakpoints = () => ({ breakpoints: [{ id: 7, verified: true, line: 4 }] })
    model.toggleBreakpoint(PROGRAM, 2)
    expect(model.state.breakpoints[PROGRAM][0].verified).toBe(false)
    await model.start({ program: PROGRAM })
    await settle()

    const [bp] = model.state.breakpoints[PROGRAM]
    expect(bp.verified).toBe(true)
    expect(displayLine(bp)).toBe(4)
    // Clicking the line where it is shown removes it.
    model.toggleBreakpoint(PROGRAM, 4)
    expect(model.state.breakpoints[PROGRAM]).toBeUndefined()
  })

  it('sends setBreakpoints when a breakpoint is toggled during a session', async () => {
    const { host, model } = setup()
    await model.start({ program: PROGRAM })
    await settle()
    model.toggleBreakpoint(PROGRAM, 8)
    await settle()
    const last = host.requests.filter((r) => r.command === 'setBreakpoints').pop()
    expect(last?.args.breakpoints).toEqual([{ line: 8 }])
    expect(model.state.breakpoints[PROGRAM][0].verified).toBe(true)
  })

  it('applies breakpoint events to the breakpoint with that id', async () => {
    const { host, model } = setup()
    model.toggleBreakpoint(PROGRAM, 2)
    await model.start({ program: PROGRAM })
    await settle()
    host.emit('breakpoint', { reason: 'changed', breakpoint: { id: 100, verified: false, message: 'no code' } })
    expect(model.state.breakpoints[PROGRAM][0]).toMatchObject({ verified: false, message: 'no code' })
  })

  it('ends the session and shows the error when launch fails', async () => {
    const { host, model, errors } = setup()
    host.handlers.launch = () => {
      throw new Error("Python interpreter '/nope/python' was not found")
    }
    await model.start({ program: PROGRAM, python: '/nope/python' })
    await settle()

    expect(errors).toEqual(["Could not start debugging: Python interpreter '/nope/python' was not found"])
    expect(model.state.console.some((l) => l.kind === 'error' && l.text.includes('/nope/python'))).toBe(true)
    expect(model.state.session).toBeNull()
    expect(host.disposed).toEqual(['S1'])
    expect(host.commands()).toContain('disconnect')

    // The app keeps working: the next launch succeeds.
    host.handlers.launch = () => undefined
    await model.start({ program: PROGRAM })
    await settle()
    expect(model.state.session?.status).toBe('running')
  })

  it('reports a failing createSession without a session', async () => {
    const { host, model, errors } = setup()
    host.createSession = async () => {
      throw new Error('adapter crashed')
    }
    await model.start({ program: PROGRAM })
    expect(errors[0]).toContain('adapter crashed')
    expect(model.state.session).toBeNull()
    expect(model.state.starting).toBe(false)
  })
})

describe('DebugModel when stopped', () => {
  it('fetches threads and the stack, selects the top frame and loads its scopes', async () => {
    const { host, model } = setup()
    const selected: string[] = []
    model.onFrameSelected.on((f) => selected.push(`${f.source?.path}:${f.line}`))
    await startStopped(host, model)

    const s = model.state.session!
    expect(s.status).toBe('stopped')
    expect(s.threads).toEqual([{ id: 1, name: 'MainThread' }])
    expect(s.stoppedThreadId).toBe(1)
    expect(s.frames.map((f) => f.name)).toEqual(['inner', '<module>'])
    expect(s.selectedFrameId).toBe(11)
    expect(s.scopes.map((x) => x.name)).toEqual(['Locals', 'Globals'])
    expect(selected).toEqual(['/w/a.py:3'])
    expect(host.requests.find((r) => r.command === 'stackTrace')?.args).toMatchObject({ threadId: 1 })
  })

  it('selecting a lower frame shows its source and its scopes', async () => {
    const { host, model } = setup()
    const selected: number[] = []
    model.onFrameSelected.on((f) => selected.push(f.line))
    await startStopped(host, model)
    await model.selectFrame(12)
    expect(model.state.session?.selectedFrameId).toBe(12)
    expect(model.state.session?.scopes[0].variablesReference).toBe(120)
    expect(selected).toEqual([3, 9])
  })

  it('loads variables lazily and pages large indexed containers', async () => {
    const { host, model } = setup()
    await startStopped(host, model)
    host.handlers.variables = (args) =>
      args.filter === 'indexed'
        ? { variables: Array.from({ length: args.count }, (_, i) => ({ name: `${args.start + i}`, value: 'v', variablesReference: 0 })) }
        : { variables: [{ name: 'big', value: 'list', variablesReference: 5, indexedVariables: 150 }] }
    await model.loadVariables(110)
    expect(model.state.session?.variables[110].items[0].name).toBe('big')
    await model.loadVariables(5, 150)
    expect(model.state.session?.variables[5].items).toHaveLength(100)
    expect(model.state.session?.variables[5].nextStart).toBe(100)
    await model.loadMoreVariables(5)
    expect(host.requests.at(-1)?.args).toMatchObject({ variablesReference: 5, start: 100, count: 100 })
    expect(model.state.session?.variables[5].items).toHaveLength(200)
  })

  it('stepping marks the session running and drops the old stack', async () => {
    const { host, model } = setup()
    await startStopped(host, model)
    await model.stepOver()
    expect(host.requests.at(-1)).toEqual({ command: 'next', args: { threadId: 1 } })
    expect(model.state.session?.status).toBe('running')
    expect(model.state.session?.frames).toEqual([])
    for (const [action, command] of [['stepIn', 'stepIn'], ['stepOut', 'stepOut'], ['continue', 'continue']] as const) {
      host.emit('stopped', { reason: 'step', threadId: 1 })
      await settle()
      await model[action]()
      expect(host.requests.at(-1)?.command).toBe(command)
    }
  })

  it('evaluates in the selected frame and prints results and errors distinctly', async () => {
    const { host, model } = setup()
    await startStopped(host, model)
    host.handlers.evaluate = (args) => {
      if (args.expression === 'boom') throw new Error("NameError: name 'boom' is not defined")
      return { result: '42', variablesReference: 0 }
    }
    await model.evaluate('x * 2')
    await model.evaluate('boom')
    const lines = model.state.console.slice(-4).map((l) => [l.kind, l.text])
    expect(lines).toEqual([
      ['input', 'x * 2'],
      ['result', '42'],
      ['input', 'boom'],
      ['error', "NameError: name 'boom' is not defined"],
    ])
    expect(host.requests.find((r) => r.command === 'evaluate')?.args).toEqual({ expression: 'x * 2', frameId: 11, context: 'repl' })
  })
})

describe('DebugModel output and the end of a session', () => {
  it('routes stdout/stderr to the terminal and console output to the debug console', async () => {
    const { host, model, output } = setup()
    await model.start({ program: PROGRAM })
    host.emit('output', { category: 'stdout', output: 'hello\n' })
    host.emit('output', { category: 'stderr', output: 'oops\n' })
    host.emit('output', { category: 'console', output: 'tracer ready\n' })
    // stderr in the terminal's red (terminalStreams.ts).
    expect(output).toEqual(['hello\n', '\x1b[31moops\n\x1b[39m'])
    expect(model.state.console.at(-1)).toMatchObject({ kind: 'output', text: 'tracer ready' })
  })

  it('prints the exit code and goes idle on terminated, keeping breakpoints', async () => {
    const { host, model, output } = setup()
    model.toggleBreakpoint(PROGRAM, 3)
    await model.start({ program: PROGRAM })
    await settle()
    host.emit('exited', { exitCode: 3 })
    host.emit('terminated')
    await settle()
    expect(output.join('')).toContain('Process exited with code 3')
    expect(model.state.console.some((l) => l.text === 'Process exited with code 3')).toBe(true)
    expect(model.state.lastExitCode).toBe(3)
    expect(model.state.session).toBeNull()
    expect(model.state.breakpoints[PROGRAM]).toEqual([expect.objectContaining({ line: 3, verified: false })])
    expect(host.disposed).toEqual(['S1'])
  })

  it('Stop sends terminate, then disconnect with terminateDebuggee, then disposes the session', async () => {
    const { host, model } = setup()
    await startStopped(host, model)
    await model.stop()
    const commands = host.commands()
    expect(commands.indexOf('disconnect')).toBeGreaterThan(commands.indexOf('terminate'))
    expect(host.requests.find((r) => r.command === 'disconnect')?.args).toEqual({ terminateDebuggee: true })
    expect(host.disposed).toEqual(['S1'])
    expect(model.state.session).toBeNull()
  })

  it('Stop still ends the session when the adapter never answers', async () => {
    vi.useFakeTimers()
    try {
      const { host, model } = setup()
      const pending = model.start({ program: PROGRAM })
      await vi.advanceTimersByTimeAsync(10)
      await pending
      host.handlers.terminate = () => new Promise(() => {})
      host.handlers.disconnect = () => new Promise(() => {})
      const stopped = model.stop()
      await vi.advanceTimersByTimeAsync(10_000)
      await stopped
      expect(model.state.session).toBeNull()
      expect(host.disposed).toEqual(['S1'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('evaluating without a session explains what to do', async () => {
    const { model } = setup()
    await model.evaluate('1+1')
    expect(model.state.console.at(-1)).toMatchObject({ kind: 'error' })
    expect(model.state.console.at(-1)?.text).toMatch(/start debugging/)
  })
})
