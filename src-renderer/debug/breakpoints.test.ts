import { describe, expect, it } from 'vitest'
import * as bp from './breakpoints'

describe('breakpoint table', () => {
  it('toggling a line adds, toggling again removes, and files without breakpoints disappear', () => {
    let t = bp.toggleBreakpoint({}, '/a.py', 5)
    t = bp.toggleBreakpoint(t, '/a.py', 2)
    expect(t['/a.py'].map((b) => b.line)).toEqual([2, 5])
    t = bp.toggleBreakpoint(t, '/a.py', 5)
    t = bp.toggleBreakpoint(t, '/a.py', 2)
    expect(t).toEqual({})
  })

  it('a response pairs answers with the breakpoints that were sent, in order', () => {
    let t = bp.toggleBreakpoint({}, '/a.py', 1)
    t = bp.toggleBreakpoint(t, '/a.py', 4)
    const sent = t['/a.py']
    t = bp.applySetBreakpointsResponse(t, '/a.py', sent, [
      { id: 1, verified: true, line: 2 },
      { id: 2, verified: false, message: 'no code here' },
    ])
    expect(t['/a.py'].map((b) => [bp.displayLine(b), b.verified])).toEqual([[2, true], [4, false]])
    expect(bp.resetVerification(t)['/a.py'].map((b) => [bp.displayLine(b), b.verified])).toEqual([[1, false], [4, false]])
  })

  it('setBreakpoints arguments carry the source path and requested lines', () => {
    const t = bp.toggleBreakpoint({}, '/w/x.py', 9)
    expect(bp.setBreakpointsArguments(t, '/w/x.py')).toMatchObject({ source: { path: '/w/x.py', name: 'x.py' }, breakpoints: [{ line: 9 }] })
  })
})
