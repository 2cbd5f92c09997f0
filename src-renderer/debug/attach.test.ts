import { describe, expect, it } from 'vitest'
import { SET_PATH_MAPPINGS } from '../../src-preload/contract'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

const LOCAL = '/home/me/proj/app.py'
const MAPPING = { localRoot: '/home/me/proj', remoteRoot: '/srv/app' }

function setup() {
  const host = new FakeHost()
  host.handlers.attach = host.handlers.launch
  host.handlers.loadedSources = () => ({ sources: [{ path: '/srv/app/app.py' }] })
  host.handlers[SET_PATH_MAPPINGS] = () => undefined
  const errors: string[] = []
  const model = new DebugModel(host, { onError: (m) => errors.push(m) })
  return { host, model, errors }
}

describe('DebugModel attach', () => {
  it('proposes path mappings before any breakpoint is sent, applies them when accepted and remembers the target', async () => {
    const { host, model } = setup()
    host.suggestions = [MAPPING]
    model.toggleBreakpoint(LOCAL, 3)
    const attached = model.attach({ host: '10.0.0.5', port: 5678, token: 'tok', tlsFingerprint: 'AA:BB' })
    await settle()
    expect(model.state.pathMappingProposal).toEqual([MAPPING])
    expect(host.commands()).not.toContain('setBreakpoints') // the program waits while the user decides
    model.answerPathMappings(true)
    expect(await attached).toBe(true)
    await settle()
    const commands = host.commands()
    expect(commands.slice(0, 3)).toEqual(['initialize', 'attach', 'loadedSources'])
    expect(commands.indexOf(SET_PATH_MAPPINGS)).toBeLessThan(commands.indexOf('setBreakpoints'))
    expect(host.requests.find((r) => r.command === SET_PATH_MAPPINGS)?.args).toEqual({ pathMappings: [MAPPING] })
    expect(model.state.pathMappingProposal).toBeUndefined()
    expect(host.remembered).toEqual([{ host: '10.0.0.5', port: 5678, tls: true, tlsFingerprint: 'AA:BB', pathMappings: [MAPPING], token: 'tok' }])
  })

  it('sends no mappings when the user declines them, and asks nothing when the configuration has mappings', async () => {
    const { host, model } = setup()
    host.suggestions = [MAPPING]
    const attached = model.attach({ port: 5678, token: 'tok' })
    await settle()
    model.answerPathMappings(false)
    await attached
    await settle()
    expect(host.commands()).not.toContain(SET_PATH_MAPPINGS)
    expect(host.commands()).toContain('configurationDone')

    const second = setup()
    await second.model.attach({ port: 5678, token: 'tok', pathMappings: [MAPPING] })
    await settle()
    expect(second.host.commands()).not.toContain('loadedSources')
    expect(second.model.state.pathMappingProposal).toBeUndefined()
  })

  it('detaches on Stop: disconnect without terminating the program, and no terminate request', async () => {
    const { host, model } = setup()
    await model.attach({ port: 5678, token: 'tok' })
    await settle()
    await model.stop()
    await settle()
    expect(host.commands()).not.toContain('terminate')
    expect(host.requests.find((r) => r.command === 'disconnect')?.args).toEqual({ terminateDebuggee: false })
    expect(model.state.session).toBeNull()
  })

  it('reports a failed attach with the adapter’s reason and remembers nothing', async () => {
    const { host, model, errors } = setup()
    host.handlers.attach = () => {
      throw new Error('Wrong token: the tracer refused it.')
    }
    expect(await model.attach({ port: 5678, token: 'bad' })).toBe(false)
    expect(errors[0]).toBe('Could not attach: Wrong token: the tracer refused it.')
    expect(host.remembered).toEqual([])
  })
})
