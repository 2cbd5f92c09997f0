// The debug model keeps the adapter's progress reports (DAP progress events) while they last.
import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

describe('DebugModel progress', () => {
  it('tells the adapter it supports progress reporting', async () => {
    const host = new FakeHost()
    const model = new DebugModel(host)
    await model.start({ program: '/w/a.py' })
    expect(host.requests[0]).toMatchObject({ command: 'initialize', args: { supportsProgressReporting: true } })
  })

  it('shows the launch progress from progressStart until progressEnd', async () => {
    const host = new FakeHost()
    const model = new DebugModel(host)
    const seen: (string | undefined)[] = []
    model.store.subscribe(() => seen.push(model.state.progress[0]?.message))
    let finishLaunch!: () => void
    host.handlers.launch = () => {
      host.emit('progressStart', { progressId: 'start-1', title: 'Starting the program', requestId: 2 })
      host.emit('progressUpdate', { progressId: 'start-1', message: 'Waiting for the program to connect…' })
      return new Promise<void>((resolve) => (finishLaunch = resolve))
    }
    const started = model.start({ program: '/w/a.py' })
    await settle()
    expect(model.state.progress).toEqual([
      { sessionId: 'S1', progressId: 'start-1', title: 'Starting the program', message: 'Waiting for the program to connect…' },
    ])
    host.emit('progressEnd', { progressId: 'start-1' })
    finishLaunch()
    await started
    expect(model.state.progress).toEqual([])
    expect(seen).toContain('Waiting for the program to connect…')
  })

  it('drops a session\'s progress when the session ends without ending it', async () => {
    const host = new FakeHost()
    const model = new DebugModel(host)
    await model.start({ program: '/w/a.py' })
    await settle()
    host.emit('progressStart', { progressId: 'slow', title: 'Loading' })
    expect(model.state.progress).toHaveLength(1)
    host.emit('terminated')
    await settle()
    expect(model.state.session).toBeNull()
    expect(model.state.progress).toEqual([])
  })
})
