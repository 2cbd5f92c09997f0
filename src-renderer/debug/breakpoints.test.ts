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

describe('breakpoint settings', () => {
  it('a temporary breakpoint is sent with mode "temporary" and leaves the table when the debugger removes it', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 3, { temporary: true })
    t = bp.toggleBreakpoint(t, '/a.py', 7)
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([{ line: 3, mode: 'temporary' }, { line: 7 }])
    t = bp.applySetBreakpointsResponse(t, '/a.py', bp.sentBreakpoints(t, '/a.py'), [{ id: 10, verified: true }, { id: 11, verified: true }])
    t = bp.applyBreakpointEvent(t, { reason: 'removed', breakpoint: { id: 10, verified: false } })
    expect(t['/a.py'].map((b) => b.line)).toEqual([7])
    t = bp.applyBreakpointEvent(t, { reason: 'removed', breakpoint: { id: 11, verified: false } })
    expect(t['/a.py'].map((b) => [b.line, b.verified])).toEqual([[7, false]]) // not temporary: kept, unverified
  })

  it('a breakpoint that waits for another is sent with dependsOn, and its waiting message clears when enabled', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 3, { dependsOn: { path: '/b.py', line: 9 } })
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([{ line: 3, dependsOn: { source: { path: '/b.py' }, line: 9 } }])
    t = bp.applySetBreakpointsResponse(t, '/a.py', bp.sentBreakpoints(t, '/a.py'), [{ id: 4, verified: true, message: 'waits until b.py:9 stops' }])
    expect(t['/a.py'][0].message).toBe('waits until b.py:9 stops')
    t = bp.applyBreakpointEvent(t, { reason: 'changed', breakpoint: { id: 4, verified: true } })
    expect(t['/a.py'][0]).toMatchObject({ verified: true, message: undefined, dependsOn: { path: '/b.py', line: 9 } })
    expect(bp.storedBreakpoints(t)).toEqual([{ path: '/a.py', line: 3, enabled: true, dependsOn: { path: '/b.py', line: 9 } }])
    expect(bp.tableFromStored(bp.storedBreakpoints(t))['/a.py'][0].dependsOn).toEqual({ path: '/b.py', line: 9 })
  })

  it('sets condition, hit count and log message on a new or existing breakpoint; blank fields clear them', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 3, { condition: ' i == 2 ', hitCondition: '' })
    expect(t['/a.py']).toEqual([expect.objectContaining({ line: 3, enabled: true, condition: 'i == 2' })])
    expect(t['/a.py'][0]).not.toHaveProperty('hitCondition')
    expect(bp.breakpointKind(t['/a.py'][0])).toBe('conditional')
    const key = t['/a.py'][0].key
    t = bp.setBreakpointOptions(t, '/a.py', 3, { logMessage: 'i={i}' })
    expect(t['/a.py']).toHaveLength(1)
    expect(t['/a.py'][0]).toMatchObject({ key, logMessage: 'i={i}' })
    expect(t['/a.py'][0].condition).toBeUndefined()
    expect(bp.breakpointKind(t['/a.py'][0])).toBe('log')
    t = bp.setBreakpointOptions(t, '/a.py', 3, {})
    expect(bp.breakpointKind(t['/a.py'][0])).toBe('plain')
  })

  it('sends only enabled breakpoints, with their settings, and pairs answers with those', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 2, { condition: 'x > 1', hitCondition: '>= 2' })
    t = bp.toggleBreakpoint(t, '/a.py', 5)
    t = bp.setBreakpointEnabled(t, '/a.py', t['/a.py'][1].key, false)
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([{ line: 2, condition: 'x > 1', hitCondition: '>= 2' }])
    t = bp.applySetBreakpointsResponse(t, '/a.py', bp.sentBreakpoints(t, '/a.py'), [{ id: 9, verified: true, line: 2 }])
    expect(t['/a.py'].map((b) => [b.line, b.enabled, b.verified])).toEqual([[2, true, true], [5, false, false]])
    // Disabling a verified breakpoint forgets what the session said about it.
    t = bp.setAllBreakpointsEnabled(t, false)
    expect(t['/a.py'].every((b) => !b.enabled && !b.verified && b.dapId === undefined)).toBe(true)
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([])
    expect(bp.setAllBreakpointsEnabled(t, false)).toBe(t)
  })

  it('removes one breakpoint by key, and the file when it was the last', () => {
    let t = bp.toggleBreakpoint({}, '/a.py', 1)
    t = bp.toggleBreakpoint(t, '/a.py', 2)
    t = bp.removeBreakpoint(t, '/a.py', t['/a.py'][0].key)
    expect(t['/a.py'].map((b) => b.line)).toEqual([2])
    expect(bp.removeBreakpoint(t, '/a.py', t['/a.py'][0].key)).toEqual({})
  })

  it('accepts the hit counts the tracer accepts and explains the others', () => {
    for (const ok of ['3', '== 3', '>=2', '% 4', '> 1', '', undefined]) expect(bp.hitConditionProblem(ok)).toBeUndefined()
    expect(bp.hitConditionProblem('abc')).toMatch(/not a hit count/)
    expect(bp.hitConditionProblem('% 0')).toMatch(/never matches/)
    expect(bp.hitConditionProblem('== -1')).toMatch(/not a hit count/)
  })

  it('a stop whose condition raised puts the description on the conditional breakpoints hit', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 2, { condition: 'y.z' })
    t = bp.toggleBreakpoint(t, '/a.py', 4)
    t = bp.applySetBreakpointsResponse(t, '/a.py', bp.sentBreakpoints(t, '/a.py'), [
      { id: 1, verified: true, line: 2 },
      { id: 2, verified: true, line: 4 },
    ])
    t = bp.applyStopDescription(t, [1, 2], "The condition 'y.z' raised NameError")
    expect(t['/a.py'].map((b) => b.message)).toEqual(["The condition 'y.z' raised NameError", undefined])
  })

  it('keeps what the user chose for a folder and rebuilds it, skipping malformed entries', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 2, { condition: 'x' })
    t = bp.toggleBreakpoint(t, '/b.py', 7)
    t = bp.setBreakpointEnabled(t, '/b.py', t['/b.py'][0].key, false)
    const stored = bp.storedBreakpoints(t)
    expect(stored).toEqual([
      { path: '/a.py', line: 2, enabled: true, condition: 'x' },
      { path: '/b.py', line: 7, enabled: false },
    ])
    const back = bp.tableFromStored([...stored, { path: '/c.py', line: 0 }, null, 'x', { path: '/a.py', line: 2 }])
    expect(bp.storedBreakpoints(back)).toEqual(stored)
  })
})

describe('suspend policy of a breakpoint', () => {
  it('is set with the other options, sent as suspendPolicy, kept through an answer, stored and restored', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 4, { condition: 'i > 2', suspendPolicy: 'thread' })
    t = bp.toggleBreakpoint(t, '/a.py', 9)
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([{ line: 4, condition: 'i > 2', suspendPolicy: 'thread' }, { line: 9 }])
    t = bp.applySetBreakpointsResponse(t, '/a.py', bp.sentBreakpoints(t, '/a.py'), [{ id: 1, verified: true, line: 4 }, { id: 2, verified: true }])
    expect(t['/a.py'][0]).toMatchObject({ verified: true, suspendPolicy: 'thread' })
    expect(bp.resetVerification(t)['/a.py'][0].suspendPolicy).toBe('thread')

    // Kept for the folder as JSON, and read back.
    const stored = JSON.parse(JSON.stringify(bp.storedBreakpoints(t)))
    expect(stored[0]).toEqual({ path: '/a.py', line: 4, enabled: true, condition: 'i > 2', suspendPolicy: 'thread' })
    const restored = bp.tableFromStored(stored)
    expect(restored['/a.py'].map((b) => [b.line, b.suspendPolicy])).toEqual([[4, 'thread'], [9, undefined]])
  })

  it('"all" is kept as chosen; editing without it goes back to the session default; unknown values are dropped', () => {
    let t = bp.setBreakpointOptions({}, '/a.py', 4, { suspendPolicy: 'all' })
    expect(bp.setBreakpointsArguments(t, '/a.py').breakpoints).toEqual([{ line: 4, suspendPolicy: 'all' }])
    t = bp.setBreakpointOptions(t, '/a.py', 4, { condition: 'x' })
    expect(t['/a.py'][0].suspendPolicy).toBeUndefined()
    const restored = bp.tableFromStored([{ path: '/a.py', line: 2, enabled: true, suspendPolicy: 'everything' }])
    expect(restored['/a.py'][0].suspendPolicy).toBeUndefined()
    expect(bp.setBreakpointsArguments(restored, '/a.py').breakpoints).toEqual([{ line: 2 }])
  })
})
