import { describe, expect, it } from 'vitest'
import * as x from './exceptionSettings'

const support = x.BUGSCOPE_EXCEPTION_SUPPORT

describe('exception settings', () => {
  it('by default sends the filters marked default (uncaught) and nothing else', () => {
    expect(x.setExceptionBreakpointsArguments(x.emptyExceptionSettings, support)).toEqual({ filters: ['uncaught'] })
  })

  it('sends a filter with a condition in filterOptions, and rules as exceptionOptions paths', () => {
    let s = x.setFilterEnabled(x.emptyExceptionSettings, 'uncaught', false)
    s = x.setFilterCondition(s, 'raised', ' isinstance(exc, KeyError) ')
    s = x.setFilterEnabled(s, 'userUnhandled', true)
    s = x.setRule(s, 'ValueError', 'always')
    s = x.setRule(s, 'mypkg.errors.Fatal', 'never')
    s = x.setRule(s, 'ValueError', 'unhandled') // changes the existing rule
    expect(x.setExceptionBreakpointsArguments(s, support)).toEqual({
      filters: ['userUnhandled'],
      filterOptions: [{ filterId: 'raised', condition: 'isinstance(exc, KeyError)' }],
      exceptionOptions: [
        { path: [{ names: ['Python Exceptions'] }, { names: ['ValueError'] }], breakMode: 'unhandled' },
        { path: [{ names: ['Python Exceptions'] }, { names: ['mypkg.errors.Fatal'] }], breakMode: 'never' },
      ],
    })
    // Clearing the condition keeps the filter on, as a plain filter.
    s = x.setFilterCondition(s, 'raised', '')
    expect(x.setExceptionBreakpointsArguments(s, support).filters).toEqual(['raised', 'userUnhandled'])
    expect(x.removeRule(s, 'ValueError').rules.map((r) => r.name)).toEqual(['mypkg.errors.Fatal'])
  })

  it('leaves out what the debugger does not support', () => {
    let s = x.setFilterCondition(x.emptyExceptionSettings, 'raised', 'True')
    s = x.setRule(s, 'ValueError', 'always')
    const plain = { ...support, filterOptions: false, exceptionOptions: false }
    expect(x.setExceptionBreakpointsArguments(s, plain)).toEqual({ filters: ['raised', 'uncaught'] })
  })

  it('refuses names that are not Python class names', () => {
    expect(x.exceptionNameProblem('mypkg.errors.Fatal')).toBeUndefined()
    expect(x.exceptionNameProblem('')).toMatch(/Type an exception class name/)
    expect(x.exceptionNameProblem('Value Error')).toMatch(/not a class name/)
    expect(x.setRule(x.emptyExceptionSettings, '1abc', 'always').rules).toEqual([])
  })

  it("takes an empty filter list only from a capabilities event (the adapter's initialize comes before the tracer's)", () => {
    expect(x.supportFromCapabilities({ exceptionBreakpointFilters: [] }, false)).toBeUndefined()
    expect(x.supportFromCapabilities({}, true)).toBeUndefined()
    expect(x.supportFromCapabilities({ exceptionBreakpointFilters: [] }, true)).toEqual({ filters: [], filterOptions: false, exceptionOptions: false })
    const announced = x.supportFromCapabilities(
      { exceptionBreakpointFilters: support.filters as never, supportsExceptionOptions: true, supportsExceptionFilterOptions: true },
      false,
    )
    expect(announced).toEqual(support)
  })

  it('reads stored settings forgivingly', () => {
    const s = x.settingsFromStored({
      filters: { raised: { enabled: true, condition: 'x' }, bad: { enabled: 'yes' }, uncaught: { enabled: false } },
      rules: [{ name: 'KeyError', mode: 'never' }, { name: 'X', mode: 'sometimes' }, 'junk'],
    })
    expect(s).toEqual({ filters: { raised: { enabled: true, condition: 'x' }, uncaught: { enabled: false } }, rules: [{ name: 'KeyError', mode: 'never' }] })
    expect(x.settingsFromStored('nonsense')).toEqual(x.emptyExceptionSettings)
  })
})

describe('ignored exception locations', () => {
  it('are added once, removed, and read back from a stored folder state', async () => {
    const { setIgnored, settingsFromStored, emptyExceptionSettings } = await import('./exceptionSettings')
    let s = setIgnored(emptyExceptionSettings, { path: '/w/a.py', line: 3 }, true)
    s = setIgnored(s, { path: '/w/a.py', line: 3 }, true)
    s = setIgnored(s, { path: '/w/b.py', line: 9 }, true)
    expect(s.ignored).toEqual([{ path: '/w/a.py', line: 3 }, { path: '/w/b.py', line: 9 }])
    s = setIgnored(s, { path: '/w/a.py', line: 3 }, false)
    expect(settingsFromStored(JSON.parse(JSON.stringify(s))).ignored).toEqual([{ path: '/w/b.py', line: 9 }])
    expect(settingsFromStored({ filters: {}, rules: [], ignored: [{ path: 1 }, 'x'] }).ignored).toBeUndefined()
  })
})
