import { describe, expect, it } from 'vitest'
import { DebugModel } from './debugModel'
import { FakeHost, settle } from './fakeHost'

describe('the program output history', () => {
  it('keeps the last 1,000,000 characters of a flood, whole, in order', async () => {
    const host = new FakeHost()
    const model = new DebugModel(host)
    await model.start({ program: '/w/a.py', cwd: '/w' })
    await settle()
    const line = (i: number) => `${String(i).padStart(9, '0')}\n` // 10 characters
    for (let i = 0; i < 150_000; i++) host.emit('output', { category: 'stdout', output: line(i) }) // 1.5 MB
    host.emit('output', { category: 'stdout', output: 'y'.repeat(2_500_000) }) // one piece longer than the cap
    host.emit('output', { category: 'stdout', output: 'end\n' })
    await settle()
    const history = model.programOutputHistory()
    expect(history.length).toBe(1_000_000)
    expect(history.endsWith(`${'y'.repeat(999_996)}end\n`)).toBe(true)
  })
})
