// Progress of launch and attach as DAP events: only for a client that asked, and always ended.
import { describe, expect, it } from 'vitest'
import { StartProgress, startingMessage } from './progress'

function recorder() {
  const events: { event: string; body: any }[] = []
  const progress = new StartProgress((event, body) => events.push({ event, body }))
  return { events, progress }
}

describe('StartProgress', () => {
  it('sends nothing to a client that did not say supportsProgressReporting', async () => {
    const { events, progress } = recorder()
    progress.configure({ adapterID: 'x' })
    await progress.run('Starting the program', 2, async () => progress.update('Waiting…'))
    expect(events).toEqual([])
  })

  it('wraps a step in progressStart, its updates and progressEnd, tied to the request', async () => {
    const { events, progress } = recorder()
    progress.configure({ adapterID: 'x', supportsProgressReporting: true })
    const result = await progress.run('Starting the program', 7, async () => {
      progress.update('Starting python3.12…')
      progress.update('Waiting for the program to connect…')
      return 42
    })
    expect(result).toBe(42)
    expect(events.map((e) => e.event)).toEqual(['progressStart', 'progressUpdate', 'progressUpdate', 'progressEnd'])
    const id = events[0].body.progressId
    expect(events[0].body).toEqual({ progressId: id, title: 'Starting the program', requestId: 7 })
    expect(events.every((e) => e.body.progressId === id)).toBe(true)
    expect(events[3].body).toEqual({ progressId: id })
  })

  it('ends the progress when the step fails, says so, and passes the error on', async () => {
    const { events, progress } = recorder()
    progress.configure({ adapterID: 'x', supportsProgressReporting: true })
    await expect(progress.run('Attaching', 3, async () => { throw new Error('refused') })).rejects.toThrow('refused')
    expect(events.map((e) => [e.event, e.body.message])).toEqual([['progressStart', undefined], ['progressEnd', 'Failed']])
  })

  it('ignores updates when no step runs, and gives each step its own id', async () => {
    const { events, progress } = recorder()
    progress.configure({ adapterID: 'x', supportsProgressReporting: true })
    progress.update('stray')
    await progress.run('a', 1, async () => undefined)
    await progress.run('b', 2, async () => undefined)
    expect(events.map((e) => e.event)).toEqual(['progressStart', 'progressEnd', 'progressStart', 'progressEnd'])
    expect(events[0].body.progressId).not.toBe(events[2].body.progressId)
  })
})

describe('startingMessage', () => {
  it('names the interpreter by its file name', () => {
    expect(startingMessage('/usr/bin/python3.12')).toBe('Starting python3.12…')
    expect(startingMessage('python3')).toBe('Starting python3…')
    expect(startingMessage('C:\\venv\\Scripts\\python.exe'.replace(/\\/g, '/'))).toBe('Starting python…')
  })
})
