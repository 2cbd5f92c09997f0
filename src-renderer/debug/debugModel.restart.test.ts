import { describe, expect, it } from 'vitest'
import { START_DEBUGGING_EVENT } from '../../src-preload/contract'
import { debugStatusText } from '../panels/DebugStatus'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

const PROGRAM = '/w/a.py'
const LAUNCH = { program: PROGRAM, cwd: '/w', python: '/usr/bin/python3', args: ['--fast'] }
/** What is sent: the launch, on a terminal of the panel's size. */
const SENT = { ...LAUNCH, terminal: { columns: 80, rows: 24 } }

async function pausedLaunch() {
  const host = new FakeHost()
  const errors: string[] = []
  const model = new DebugModel(host, { onError: (m) => errors.push(m) })
  model.toggleBreakpoint(PROGRAM, 3)
  await model.start(LAUNCH)
  host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
  await settle()
  return { host, model, errors }
}

/** The commands sent from the `index`-th request on. */
const commandsFrom = (host: FakeHost, index: number) => host.requests.slice(index).map((r) => r.command)

describe('DebugModel restart', () => {
  it('stops a paused launch, waits for its end, and launches the same configuration with the breakpoints again', async () => {
    const { host, model, errors } = await pausedLaunch()
    const before = host.requests.length
    const restarting = model.restart()
    expect(model.state.restarting).toBe(true)
    expect(debugStatusText(model.state)).toBe('Restarting…')
    await restarting
    await settle()

    const sent = commandsFrom(host, before)
    // The old session ends (terminate, then disconnect) before the new one begins.
    expect(sent.slice(0, 2)).toEqual(['terminate', 'disconnect'])
    expect(sent.indexOf('initialize')).toBeGreaterThan(sent.indexOf('disconnect'))
    expect(host.requests.filter((r) => r.command === 'launch').map((r) => r.args)).toEqual([SENT, SENT])
    expect(host.requests.slice(before).find((r) => r.command === 'setBreakpoints')?.args.breakpoints).toEqual([{ line: 3 }])
    expect(host.disposed).toEqual(['S1'])
    expect(model.state.restarting).toBe(false)
    expect(model.state.session?.status).toBe('running')
    expect(errors).toEqual([])

    host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true })
    await settle()
    expect(model.state.session?.status).toBe('stopped')
  })

  it('detaches from an attached program and attaches again with the same arguments, leaving it running', async () => {
    const host = new FakeHost()
    host.handlers.attach = () => undefined
    const model = new DebugModel(host)
    const target = { host: '127.0.0.1', port: 5678, token: 'secret-token', pathMappings: [{ localRoot: '/w', remoteRoot: '/srv/app' }] }
    expect(await model.attach(target)).toBe(true)
    await settle()
    const before = host.requests.length
    await model.restart()
    await settle()
    const sent = commandsFrom(host, before)
    expect(sent).not.toContain('terminate')
    expect(host.requests.slice(before).find((r) => r.command === 'disconnect')?.args).toEqual({ terminateDebuggee: false })
    expect(host.requests.filter((r) => r.command === 'attach').map((r) => r.args)).toEqual([target, target])
    expect(model.state.session?.status).toBe('running')
  })

  it('restarts the whole process tree from its root when a child process is shown', async () => {
    const host = new FakeHost()
    host.nextSessionIds.push('S1', 'C1', 'S2')
    host.handlers.attach = () => undefined
    const model = new DebugModel(host)
    await model.start(LAUNCH)
    await settle()
    const child = { request: 'attach', host: '127.0.0.1', port: 40001, token: 't', childProcess: { pid: 4242, ppid: 4000, name: 'worker' } }
    host.emit(START_DEBUGGING_EVENT, { request: 'attach', configuration: child }, 'S1')
    await settle()
    host.emit('stopped', { reason: 'breakpoint', threadId: 1, allThreadsStopped: true }, 'C1')
    await settle()
    expect(model.state.session?.id).toBe('C1')
    expect(debugStatusText(model.state)).toBe('Paused on breakpoint · worker (pid 4242)')

    await model.restart()
    await settle()
    expect(host.requestsOf('S1').map((r) => r.command)).toContain('terminate')
    expect(host.requestsOf('C1').map((r) => r.command)).toContain('disconnect')
    expect(host.requestsOf('S2').find((r) => r.command === 'launch')?.args).toEqual(SENT)
    expect(host.requestsOf('S2').map((r) => r.command)).not.toContain('attach')
    expect(model.state.session?.id).toBe('S2')
    expect(model.state.processes.map((p) => p.sessionId)).toEqual(['S2'])
  })

  it('does nothing while no session runs, and ignores a second restart under way', async () => {
    const host = new FakeHost()
    const model = new DebugModel(host)
    await model.restart()
    expect(host.requests).toEqual([])

    await model.start(LAUNCH)
    await settle()
    await model.stop()
    await settle()
    const before = host.requests.length
    await model.restart() // the program ended: F5 starts it, not restart
    expect(host.requests.length).toBe(before)

    await model.start(LAUNCH)
    await settle()
    await Promise.all([model.restart(), model.restart()])
    await settle()
    expect(host.requests.filter((r) => r.command === 'launch')).toHaveLength(3)
  })

  it('a restart whose new start fails says why and leaves the workbench idle', async () => {
    const { host, model, errors } = await pausedLaunch()
    host.createSession = async () => {
      throw new Error('host is gone')
    }
    await model.restart()
    expect(errors.at(-1)).toMatch(/Could not create a debug session: host is gone/)
    expect(model.state.restarting).toBe(false)
    expect(model.state.session).toBeNull()
  })
})
