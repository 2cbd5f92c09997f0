import type { DebugProtocol } from '@vscode/debugprotocol'
import { describe, expect, it } from 'vitest'
import type { ThreadWithState } from '../../src-preload/contract'
import type { AsyncTask } from './asyncTasks'
import { DebugModel } from './debugModel'
import { selectedFrame } from './debugState'
import { FakeHost, settle } from './fakeHost'

const frame = (id: number, name: string, line: number, hint?: DebugProtocol.StackFrame['presentationHint']): DebugProtocol.StackFrame => ({
  id,
  name,
  line,
  column: 1,
  source: { path: '/w/a.py', name: 'a.py' },
  ...(hint ? { presentationHint: hint } : {}),
})
const LIVE_LABEL = { id: 900, name: 'running: its stack at this moment (pause it to inspect)', line: 0, column: 0, presentationHint: 'label' as const }

/**
 * A Bugscope-like tracer with two threads: the main thread (1) stops at a breakpoint; the worker (2) is as
 * `threads` says. Each thread has its own stack; a running thread's stack starts with a label row.
 */
function setup(threads: ThreadWithState[]) {
  const host = new FakeHost()
  const initialize = host.handlers.initialize
  host.handlers.initialize = (args, sessionId) => ({ ...(initialize(args, sessionId) as object), supportsSingleThreadExecutionRequests: true })
  const world = { threads }
  host.handlers.threads = () => ({ threads: world.threads })
  host.handlers.stackTrace = (args: DebugProtocol.StackTraceArguments) => {
    const running = world.threads.find((t) => t.id === args.threadId)?.state === 'running'
    const own = args.threadId === 1 ? [frame(11, 'main_work', 5), frame(12, '<module>', 20)] : [frame(21, 'worker', 9), frame(22, 'run', 40)]
    return { stackFrames: running ? [LIVE_LABEL, ...own.map((f) => ({ ...f, id: f.id + 100 }))] : own }
  }
  const model = new DebugModel(host)
  return { host, model, world }
}

async function stopMain(host: FakeHost, model: DebugModel) {
  await model.start({ program: '/w/a.py' })
  await settle()
  host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
  await settle()
}

const commandsAfter = (host: FakeHost, index: number) => host.requests.slice(index).map((r) => r.command)

describe('threads: per-thread state and actions', () => {
  it('keeps each thread state and stop reason as the threads response gives them', async () => {
    const { host, model } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'pause' },
    ])
    await stopMain(host, model)
    expect(model.state.session?.threads).toEqual([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'pause' },
    ])
  })

  it('a thread continued alone (allThreadsContinued false) keeps the shown stop and reads the threads again', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'breakpoint' },
    ])
    await stopMain(host, model)
    const before = host.requests.length
    world.threads = [world.threads[0], { id: 2, name: 'worker', state: 'running' }]
    host.emit('continued', { threadId: 2, allThreadsContinued: false })
    await settle()
    const s = model.state.session!
    expect(s.status).toBe('stopped')
    expect(s.stoppedThreadId).toBe(1)
    expect(s.frames.map((f) => f.name)).toEqual(['main_work', '<module>'])
    expect(s.threads.find((t) => t.id === 2)?.state).toBe('running')
    expect(commandsAfter(host, before)).toContain('threads')
  })

  it('Continue on the shown thread shows another thread that is still stopped instead of "running"', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'breakpoint' },
    ])
    await stopMain(host, model)
    host.handlers.continue = () => {
      world.threads = [{ id: 1, name: 'MainThread', state: 'running' }, world.threads[1]] // a stop of policy "thread" stays
      return { allThreadsContinued: true }
    }
    await model.continue()
    await settle()
    const s = model.state.session!
    expect(host.requests.find((r) => r.command === 'continue')?.args).toEqual({ threadId: 1 })
    expect(s.status).toBe('stopped')
    expect([s.stoppedThreadId, s.selectedThreadId, s.stopReason]).toEqual([2, 2, 'breakpoint'])
    expect(s.frames.map((f) => f.name)).toEqual(['worker', 'run'])
    expect(s.selectedFrameId).toBe(21)
    expect(host.requests.filter((r) => r.command === 'scopes').at(-1)?.args).toEqual({ frameId: 21 })
  })

  it('continues one thread with singleThread; the shown stop stays', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'pause' },
    ])
    await stopMain(host, model)
    host.handlers.continue = () => {
      world.threads = [world.threads[0], { id: 2, name: 'worker', state: 'running' }]
      return { allThreadsContinued: false }
    }
    await model.continueThread(2)
    host.emit('continued', { threadId: 2, allThreadsContinued: false })
    await settle()
    expect(host.requests.find((r) => r.command === 'continue')?.args).toEqual({ threadId: 2, singleThread: true })
    const s = model.state.session!
    expect([s.status, s.stoppedThreadId, s.selectedFrameId]).toEqual(['stopped', 1, 11])
    expect(s.threads.map((t) => t.state)).toEqual(['stopped', 'running'])
  })

  it('continuing the shown thread alone shows the thread left stopped (halted by a stop of all threads)', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'pause' },
    ])
    await stopMain(host, model)
    host.handlers.continue = () => {
      world.threads = [{ id: 1, name: 'MainThread', state: 'running' }, world.threads[1]]
      return { allThreadsContinued: false }
    }
    await model.continueThread(1)
    await settle()
    const s = model.state.session!
    expect([s.status, s.stoppedThreadId, s.selectedThreadId, s.stopReason]).toEqual(['stopped', 2, 2, 'Paused'])
    expect(s.frames[0].name).toBe('worker')
  })

  it('while a step is under way, another stopped thread is not shown; the step\'s own stop is', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'stopped', reason: 'breakpoint' },
    ])
    await stopMain(host, model)
    world.threads = [{ id: 1, name: 'MainThread', state: 'running' }, world.threads[1]]
    await model.stepOver()
    host.emit('continued', { threadId: 1, allThreadsContinued: true })
    await settle()
    expect(model.state.session?.status).toBe('running')
    world.threads = [{ id: 1, name: 'MainThread', state: 'stopped', reason: 'step' }, world.threads[1]]
    host.emit('stopped', { reason: 'step', threadId: 1, allThreadsStopped: true })
    await settle()
    expect([model.state.session?.status, model.state.session?.stoppedThreadId]).toEqual(['stopped', 1])
  })

  it('selecting a running thread shows its stack at that moment, with its label row, and inspects nothing', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' },
      { id: 2, name: 'worker', state: 'running' },
    ])
    await stopMain(host, model)
    const scopesBefore = host.requests.filter((r) => r.command === 'scopes').length
    await model.selectThread(2)
    let s = model.state.session!
    expect(s.selectedThreadId).toBe(2)
    expect(s.frames.map((f) => f.name)).toEqual([LIVE_LABEL.name, 'worker', 'run'])
    expect(s.selectedFrameId).toBeUndefined()
    // The label is never selected; a live frame shows its source but its scopes are not asked for.
    await model.selectFrame(LIVE_LABEL.id)
    expect(model.state.session?.selectedFrameId).toBeUndefined()
    await model.selectFrame(121)
    expect(model.state.session?.selectedFrameId).toBe(121)
    expect(host.requests.filter((r) => r.command === 'scopes')).toHaveLength(scopesBefore)
    // The session's stop is unchanged: Continue still acts on the stopped main thread.
    expect(model.state.session?.status).toBe('stopped')
    host.handlers.continue = () => void (world.threads = [{ id: 1, name: 'MainThread', state: 'running' }, world.threads[1]])
    await model.continue()
    expect(host.requests.find((r) => r.command === 'continue')?.args).toEqual({ threadId: 1 })
    s = model.state.session!
    expect(s.status).toBe('running')
  })

  it('while nothing is stopped, a thread can still be selected; a stopped one then becomes the shown stop', async () => {
    const { host, model, world } = setup([
      { id: 1, name: 'MainThread', state: 'running' },
      { id: 2, name: 'worker', state: 'running' },
    ])
    await model.start({ program: '/w/a.py' })
    await settle()
    expect(model.state.session?.status).toBe('running')
    await model.selectThread(2)
    expect(model.state.session?.frames.map((f) => f.name)).toEqual([LIVE_LABEL.name, 'worker', 'run'])
    expect(model.state.session?.status).toBe('running')
    world.threads = [world.threads[0], { id: 2, name: 'worker', state: 'stopped', reason: 'pause' }]
    await model.selectThread(2)
    await settle()
    const s = model.state.session!
    expect([s.status, s.stoppedThreadId, s.selectedFrameId]).toEqual(['stopped', 2, 21])
  })

  it('pauses one thread by its id', async () => {
    const { host, model } = setup([
      { id: 1, name: 'MainThread', state: 'running' },
      { id: 2, name: 'worker', state: 'running' },
    ])
    await model.start({ program: '/w/a.py' })
    await settle()
    await model.pauseThread(2)
    expect(host.requests.at(-1)).toMatchObject({ command: 'pause', args: { threadId: 2 } })
  })
})

describe('threads: asyncio tasks', () => {
  const TASKS: AsyncTask[] = [
    { name: 'computer', coroutine: 'compute', state: 'running', awaitChain: [frame(11, 'main_work', 5)] },
    {
      name: 'napper',
      coroutine: 'sleeper',
      state: 'pending',
      awaitChain: [frame(31, 'sleeper', 4), frame(32, 'sleep', 600, 'subtle')],
      awaiting: 'asyncio.sleep(30): 29.9 s left',
    },
  ]

  it('reads the tasks of the stopped thread; a level of a task shows its source and variables like a frame', async () => {
    const { host, model, world } = setup([{ id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' }])
    host.handlers['bugscope/tasks'] = (args: { threadId: number }) => (args.threadId === 1 ? { tasks: TASKS } : { tasks: [] })
    const shown: string[] = []
    model.onFrameSelected.on((f) => shown.push(`${f.name}:${f.line}`))
    await stopMain(host, model)
    expect(model.state.session?.tasks).toMatchObject({ threadId: 1, tasks: TASKS })
    await model.selectFrame(31)
    const s = model.state.session!
    expect(s.selectedFrameId).toBe(31)
    expect(selectedFrame(s)?.name).toBe('sleeper')
    expect(shown.at(-1)).toBe('sleeper:4')
    expect(host.requests.filter((r) => r.command === 'scopes').at(-1)?.args).toEqual({ frameId: 31 })
    expect(s.scopes[0].variablesReference).toBe(310)
    // Tasks belong to the stop: a resume drops them.
    host.handlers.continue = () => void (world.threads = [{ id: 1, name: 'MainThread', state: 'running' }])
    await model.continue()
    expect(model.state.session?.tasks).toBeUndefined()
  })

  it('a debugger without bugscope/tasks shows no tasks and no error', async () => {
    const { host, model } = setup([{ id: 1, name: 'MainThread', state: 'stopped', reason: 'breakpoint' }])
    await stopMain(host, model)
    expect(host.commands()).toContain('bugscope/tasks')
    expect(model.state.session?.tasks).toBeUndefined()
    expect(model.state.console.filter((l) => l.kind === 'error')).toEqual([])
  })
})
