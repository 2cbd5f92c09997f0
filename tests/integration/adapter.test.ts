// The adapter with the real tracer in a real Python process: what a debugging session does end to end.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { TRACER_INFO_EVENT } from '../../src-preload/contract'
import { AdapterClient, isAlive } from './adapterClient'

const PROGRAM = `import sys

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

def inner(n):
    doubled = n * 2
    return doubled

def outer(items):
    total = 0
    config = {"name": "demo", "nested": {"points": [Point(1, 2), Point(3, 4)]}, "tags": ["a", "b"]}
    for item in items:
        total += inner(item)
    print("total", total)
    return total

result = outer([1, 2, 3])
print("done", result)
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
`

const SPIN = `import time

def spin():
    n = 0
    while True:
        n += 1

print("spinning", flush=True)
spin()
`

const dir = mkdtempSync(join(tmpdir(), 'bugscope-integration-'))
const program = join(dir, 'program.py')
const spin = join(dir, 'spin.py')
writeFileSync(program, PROGRAM)
writeFileSync(spin, SPIN)

let client: AdapterClient
afterEach(async () => {
  await client?.dispose()
})

async function stoppedAt(c: AdapterClient, reason: string, since = 0): Promise<{ threadId: number; frame: DebugProtocol.StackFrame }> {
  const stopped = await c.waitFor('stopped', (b) => b.reason === reason, 15_000, since)
  const frame = await c.topFrame(stopped.body.threadId)
  return { threadId: stopped.body.threadId, frame }
}

describe('adapter + tracer: launch', () => {
  it('stops at a breakpoint and shows the call stack, threads and lazily expanding nested variables', async () => {
    client = new AdapterClient()
    const launched = await client.start({ program, cwd: dir }, { [program]: [16] })
    expect(launched.success).toBe(true)
    const { threadId, frame } = await stoppedAt(client, 'breakpoint')
    expect(frame).toMatchObject({ name: 'outer', line: 16, source: { path: program } })
    const { stackFrames } = await client.ok<DebugProtocol.StackTraceResponse['body']>('stackTrace', { threadId })
    expect(stackFrames.map((f) => f.name)).toEqual(['outer', '<module>'])
    const { threads } = await client.ok<DebugProtocol.ThreadsResponse['body']>('threads')
    expect(threads.map((t) => t.name)).toContain('MainThread')
    const info = await client.waitFor(TRACER_INFO_EVENT, undefined, 1000, 0)
    expect(info.body).toMatchObject({ engine: expect.any(String), python: expect.stringMatching(/^3\.\d+\.\d+$/), pid: expect.any(Number) })

    const { scopes } = await client.ok<DebugProtocol.ScopesResponse['body']>('scopes', { frameId: frame.id })
    expect(scopes.map((s) => s.name)).toEqual(['Locals', 'Globals'])
    const locals = await client.variables(scopes[0].variablesReference)
    expect(locals.total.value).toBe('0')
    expect(locals.items.value).toBe('[1, 2, 3]')
    expect(locals.config.variablesReference).toBeGreaterThan(0)
    const config = await client.variables(locals.config.variablesReference)
    const nested = await client.variables(config["'nested'"]?.variablesReference ?? config.nested.variablesReference)
    const points = await client.variables(nested["'points'"]?.variablesReference ?? nested.points.variablesReference)
    const first = await client.variables(points['0'].variablesReference)
    expect(first.x.value).toBe('1')
    expect(first.y.value).toBe('2')
    const globals = await client.variables(scopes[1].variablesReference)
    expect(Object.keys(globals)).toEqual(expect.arrayContaining(['Point', 'inner', 'outer']))
  })

  it('passes the launch\'s suspendPolicy to the tracer: "thread" stops announce that the other threads run on', async () => {
    for (const [suspendPolicy, allThreadsStopped] of [[undefined, true], ['thread', false]] as const) {
      client = new AdapterClient()
      await client.start({ program, cwd: dir, ...(suspendPolicy ? { suspendPolicy } : {}) }, { [program]: [16] })
      const stopped = await client.waitFor('stopped', (b) => b.reason === 'breakpoint', 15_000, 0)
      expect(stopped.body.allThreadsStopped).toBe(allThreadsStopped)
      await client.dispose()
    }
  })

  it('moves a breakpoint on a blank line to the next executable line and reports it verified', async () => {
    client = new AdapterClient()
    await client.ok('initialize', { adapterID: 'bugscope', pathFormat: 'path' })
    const initialized = client.waitFor('initialized')
    const launched = client.request('launch', { program, cwd: dir })
    await initialized
    const { breakpoints } = await client.ok<DebugProtocol.SetBreakpointsResponse['body']>('setBreakpoints', { source: { path: program }, breakpoints: [{ line: 19 }] })
    expect(breakpoints[0]).toMatchObject({ verified: true, line: 20 })
    await client.ok('configurationDone')
    expect((await launched).success).toBe(true)
    const { frame } = await stoppedAt(client, 'breakpoint')
    expect(frame.line).toBe(20)
  })

  it('steps into, over and out, and a stale frame id afterwards gets a clear error', async () => {
    client = new AdapterClient()
    await client.start({ program, cwd: dir }, { [program]: [16] })
    const { threadId, frame: atBreakpoint } = await stoppedAt(client, 'breakpoint')

    let mark = client.events.length
    await client.ok('stepIn', { threadId })
    let { frame } = await stoppedAt(client, 'step', mark)
    expect(frame).toMatchObject({ name: 'inner', line: 9 })

    mark = client.events.length
    await client.ok('next', { threadId })
    ;({ frame } = await stoppedAt(client, 'step', mark))
    expect(frame).toMatchObject({ name: 'inner', line: 10 })

    mark = client.events.length
    await client.ok('stepOut', { threadId })
    ;({ frame } = await stoppedAt(client, 'step', mark))
    expect(frame.name).toBe('outer')
    expect(frame.line).toBe(16)

    mark = client.events.length
    await client.ok('next', { threadId })
    ;({ frame } = await stoppedAt(client, 'step', mark))
    expect(frame).toMatchObject({ name: 'outer', line: 15 })

    // Frame ids live only as long as the stop that produced them.
    expect(frame.id).not.toBe(atBreakpoint.id)
    const stale = await client.request('scopes', { frameId: atBreakpoint.id })
    expect(stale.success).toBe(false)
    expect(stale.message).toMatch(/frame/i)
  })

  it('evaluates an expression in the selected frame, and reports a raised error as a failed response', async () => {
    client = new AdapterClient()
    await client.start({ program, cwd: dir }, { [program]: [17] })
    const { frame } = await stoppedAt(client, 'breakpoint')
    const result = await client.ok<DebugProtocol.EvaluateResponse['body']>('evaluate', { expression: 'total * 10 + len(config["tags"])', frameId: frame.id, context: 'repl' })
    expect(result.result).toBe('122')
    const error = await client.request('evaluate', { expression: 'no_such_name + 1', frameId: frame.id, context: 'repl' })
    expect(error.success).toBe(false)
    expect(error.message).toMatch(/NameError: name 'no_such_name' is not defined/)
    // The session is still usable after the error.
    const again = await client.ok<DebugProtocol.EvaluateResponse['body']>('evaluate', { expression: 'total', frameId: frame.id, context: 'repl' })
    expect(again.result).toBe('12')
  })

  it('runs to the end and reports the program output and its exit code', async () => {
    client = new AdapterClient()
    await client.start({ program, cwd: dir, args: ['3'] })
    const exited = await client.waitFor('exited')
    expect(exited.body.exitCode).toBe(3)
    await client.waitFor('terminated', undefined, 5000, 0)
    expect(client.output()).toContain('total 12')
    expect(client.output()).toContain('done 12')
  })

  it('post-mortem: runs with breakpoints unarmed and stops only on the crash, with its finished frames', async () => {
    const crashing = join(dir, 'crashing.py')
    writeFileSync(crashing, 'def parse(text):\n    value = text.strip()\n    return int(value)\n\nprint("start")\nparse(" x ")\n')
    client = new AdapterClient()
    await client.start({ program: crashing, cwd: dir, postMortem: true }, { [crashing]: [5] })
    expect(client.placed[crashing][0]).toMatchObject({ verified: false, message: expect.stringContaining('post-mortem') })
    const { threadId, frame } = await stoppedAt(client, 'exception')
    expect(frame).toMatchObject({ name: 'parse', line: 3 })
    const value = await client.ok<DebugProtocol.EvaluateResponse['body']>('evaluate', { expression: 'value', frameId: frame.id, context: 'watch' })
    expect(value.result).toBe("'x'")
    const info = await client.ok<DebugProtocol.ExceptionInfoResponse['body']>('exceptionInfo', { threadId })
    expect(info.description).toContain('ValueError: invalid literal for int()')
    const step = await client.request('next', { threadId })
    expect(step.success).toBe(false)
    await client.ok('continue', { threadId })
    expect((await client.waitFor('exited')).body.exitCode).toBe(1)
    expect(client.output()).toContain('start')
  })

  it('pauses a busy loop, then stop ends the session and leaves no process running', async () => {
    client = new AdapterClient()
    await client.start({ program: spin, cwd: dir })
    const processEvent = await client.waitFor('process', undefined, 5000, 0)
    const pid = processEvent.body.systemProcessId as number
    await client.waitFor('output', (b) => String(b.output).includes('spinning'), 10_000, 0)
    const { threads } = await client.ok<DebugProtocol.ThreadsResponse['body']>('threads')
    const mark = client.events.length
    await client.ok('pause', { threadId: threads[0].id })
    const { frame } = await stoppedAt(client, 'pause', mark)
    expect(frame.name).toBe('spin')
    expect([5, 6]).toContain(frame.line)
    await client.ok('terminate')
    await client.waitFor('terminated', undefined, 10_000, 0)
    expect(isAlive(pid)).toBe(false)
  })

  it('stops a running program on terminate and reports that it ended', async () => {
    client = new AdapterClient()
    await client.start({ program: spin, cwd: dir })
    const pid = (await client.waitFor('process', undefined, 5000, 0)).body.systemProcessId as number
    await client.ok('terminate')
    const exited = await client.waitFor('exited', undefined, 10_000, 0)
    expect(exited.body.exitCode).not.toBe(0)
    await client.waitFor('terminated', undefined, 5000, 0)
    expect(isAlive(pid)).toBe(false)
  })

  it('runs a module with -m semantics and passes its arguments through', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'bugscope-module-'))
    writeFileSync(join(pkg, 'greet.py'), 'import sys\nprint("hello", sys.argv[1:], __name__)\n')
    client = new AdapterClient()
    await client.start({ module: 'greet', cwd: pkg, args: ['a', 'b c'] })
    await client.waitFor('terminated')
    expect(client.output()).toContain("hello ['a', 'b c'] __main__")
  })
})

describe('adapter: bad input', () => {
  it('refuses a program that does not exist, naming it', async () => {
    client = new AdapterClient()
    const launched = await client.start({ program: join(dir, 'missing.py'), cwd: dir })
    expect(launched.success).toBe(false)
    expect(launched.message).toBe(`Program not found: ${join(dir, 'missing.py')}`)
  })

  it('refuses an interpreter path that does not exist, saying where to fix it', async () => {
    client = new AdapterClient()
    const launched = await client.start({ program, cwd: dir, python: '/no/such/python3' })
    expect(launched.success).toBe(false)
    expect(launched.message).toMatch(/Python interpreter not found: \/no\/such\/python3/)
  })

  it('answers a request the tracer does not know with an error, and keeps the session', async () => {
    client = new AdapterClient()
    await client.start({ program, cwd: dir }, { [program]: [17] })
    const { threadId } = await stoppedAt(client, 'breakpoint')
    const unknown = await client.request('restartFrame', { frameId: 1 })
    expect(unknown.success).toBe(false)
    expect(unknown.message).toMatch(/unsupported request 'restartFrame'/)
    await client.ok('continue', { threadId })
    expect((await client.waitFor('exited', undefined, 10_000, 0)).body.exitCode).toBe(0)
  })
})
