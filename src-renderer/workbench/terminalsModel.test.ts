import { describe, expect, it } from 'vitest'
import { FakeHost } from '../debug/fakeHost'
import { PROGRAM_TAB, TerminalsModel } from './terminalsModel'

function setup() {
  const host = new FakeHost()
  const notes: string[] = []
  const terminals = new TerminalsModel(host, { notify: (_kind, text) => notes.push(text) })
  const fire = (event: Parameters<Parameters<FakeHost['onShellEvent']>[0]>[0]) => host.shellListeners.forEach((l) => l(event))
  return { host, terminals, notes, fire }
}

describe('the Terminal panel tabs', () => {
  it('opens a shell at the panel size as a numbered tab and shows it', async () => {
    const { host, terminals } = setup()
    terminals.resize({ columns: 120, rows: 30 })
    const first = await terminals.newShell()
    const second = await terminals.newShell()
    expect(host.shellCalls.filter((c) => c.method === 'openShell').map((c) => c.args[0])).toEqual([
      { columns: 120, rows: 30 },
      { columns: 120, rows: 30 },
    ])
    expect(terminals.state.tabs.map((t) => t.title)).toEqual(['bash 1', 'bash 2'])
    expect(terminals.state.active).toBe(second)
    terminals.activate(first!)
    expect(terminals.state.active).toBe(first)
    terminals.activate('no-such-tab')
    expect(terminals.state.active).toBe(first)
  })

  it('sends keys to a running shell only, and passes resizes to the running ones', async () => {
    const { host, terminals, fire } = setup()
    const a = (await terminals.newShell())!
    const b = (await terminals.newShell())!
    fire({ shellId: b, kind: 'exit', code: 0 })
    expect(terminals.state.tabs.find((t) => t.id === b)?.exitCode).toBe(0)
    terminals.type(a, 'ls\r')
    terminals.type(b, 'ls\r')
    terminals.resize({ columns: 100, rows: 20 })
    terminals.resize({ columns: 100, rows: 20 }) // unchanged: not sent again
    expect(host.shellCalls.filter((c) => c.method !== 'openShell')).toEqual([
      { method: 'shellInput', args: [a, 'ls\r'] },
      { method: 'resizeShell', args: [a, { columns: 100, rows: 20 }] },
    ])
  })

  it('gives each shell its output as an event', async () => {
    const { terminals, fire } = setup()
    const a = (await terminals.newShell())!
    const seen: string[] = []
    terminals.onShellOutput.on((o) => seen.push(`${o.shellId === a ? 'a' : '?'}:${o.data}`))
    fire({ shellId: a, kind: 'output', data: '$ ' })
    expect(seen).toEqual(['a:$ '])
  })

  it('closing a tab ends its shell if it still runs, and shows the tab before it', async () => {
    const { host, terminals, fire } = setup()
    const a = (await terminals.newShell())!
    const b = (await terminals.newShell())!
    await terminals.close(b)
    expect(terminals.state.active).toBe(a)
    fire({ shellId: a, kind: 'exit', code: 1 })
    await terminals.close(a)
    expect(terminals.state.active).toBe(PROGRAM_TAB)
    expect(terminals.state.tabs).toEqual([])
    expect(host.shellCalls.filter((c) => c.method === 'closeShell').map((c) => c.args[0])).toEqual([b])
  })

  it('says what went wrong when a shell cannot start, and opens no tab', async () => {
    const { host, terminals, notes } = setup()
    host.openShell = async () => {
      throw new Error('The shell terminal needs Python to hold its pseudo-terminal.')
    }
    expect(await terminals.newShell()).toBeUndefined()
    expect(notes).toEqual(['The shell terminal needs Python to hold its pseudo-terminal.'])
    expect(terminals.state).toMatchObject({ tabs: [], active: PROGRAM_TAB, opening: false })
  })
})
