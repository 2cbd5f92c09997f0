import { describe, expect, it } from 'vitest'
import { TERMINAL_INPUT_REQUEST, TERMINAL_RESIZE_REQUEST } from '../../src-preload/contract'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

function setup() {
  const host = new FakeHost()
  const model = new DebugModel(host, {})
  const sent = (command: string) => host.requests.filter((r) => r.command === command).map((r) => r.args)
  return { host, model, sent }
}

describe("the launched program's terminal", () => {
  it('launches on a terminal of the size the panel last had; internalConsole launches get none', async () => {
    const { host, model, sent } = setup()
    model.terminal.resize({ columns: 132, rows: 41 })
    await model.start({ program: '/w/a.py', cwd: '/w' })
    expect(sent('launch')[0]).toEqual({ program: '/w/a.py', cwd: '/w', terminal: { columns: 132, rows: 41 } })
    host.emit('terminated')
    await settle()
    await model.start({ program: '/w/a.py', cwd: '/w', console: 'internalConsole' })
    expect(sent('launch')[1]).not.toHaveProperty('terminal')
  })

  it('sends typed keys and resizes to the running launch, and nothing when no program runs', async () => {
    const { host, model, sent } = setup()
    expect(model.terminal.accepting).toBe(false)
    expect(model.terminal.type('x')).toBe(false)
    await model.start({ program: '/w/a.py', cwd: '/w' })
    await settle()
    expect(model.terminal.accepting).toBe(true)
    expect(model.terminal.type('Ada\r')).toBe(true)
    model.terminal.resize({ columns: 90, rows: 30 })
    model.terminal.resize({ columns: 90, rows: 30 }) // the same size: not sent again
    model.terminal.resize({ columns: 0, rows: 30 }) // not a size
    await settle()
    expect(sent(TERMINAL_INPUT_REQUEST)).toEqual([{ data: 'Ada\r' }])
    expect(sent(TERMINAL_RESIZE_REQUEST)).toEqual([{ columns: 90, rows: 30 }])
    host.emit('terminated')
    await settle()
    expect(model.terminal.accepting).toBe(false)
  })

  it('takes no keys for a program whose output goes to the Debug Console, or for an attach', async () => {
    const { model } = setup()
    await model.start({ program: '/w/a.py', cwd: '/w', console: 'internalConsole' })
    await settle()
    expect(model.terminal.accepting).toBe(false)
    const other = setup()
    await other.model.attach({ host: '127.0.0.1', port: 5678, token: 't' })
    await settle()
    expect(other.model.terminal.accepting).toBe(false)
  })
})
