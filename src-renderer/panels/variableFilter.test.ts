import type { DebugProtocol } from '@vscode/debugprotocol'
import { describe, expect, it } from 'vitest'
import type { VariableChildren } from '../debug/debugState'
import { filterVariables, rowShown } from './variableFilter'

const v = (name: string, value: string, variablesReference = 0): DebugProtocol.Variable => ({ name, value, variablesReference })
const loaded = (...items: DebugProtocol.Variable[]): VariableChildren => ({ items, loading: false })

const variables: Record<number, VariableChildren> = {
  1: loaded(v('total', '15'), v('values', '[3, 5, 7]', 10), v('config', "{'Name': 'x'}", 11)),
  10: loaded(v('0', '3'), v('1', '5'), v('2', '7')),
  11: loaded(v("'Name'", "'x'")),
  2: loaded(v('TOTAL_LIMIT', '100')),
}
const roots = [
  { key: 'scope:Locals', reference: 1 },
  { key: 'scope:Globals', reference: 2 },
]

describe('the Variables filter', () => {
  it('matches names and values without regard to case, and keeps the ancestors of a match', () => {
    const f = filterVariables(variables, roots, 'Total')
    expect([...f.matched].sort()).toEqual(['scope:Globals/TOTAL_LIMIT', 'scope:Locals/total'])
    expect(rowShown(f, 'scope:Locals', 'values')).toBe(false)
    const byValue = filterVariables(variables, roots, '7')
    expect([...byValue.matched].sort()).toEqual(['scope:Locals/values', 'scope:Locals/values/2'])
    const nested = filterVariables(variables, roots, "'name'")
    expect(rowShown(nested, 'scope:Locals', 'config')).toBe(true) // an ancestor of the match
    expect(rowShown(nested, 'scope:Locals/config', "'Name'")).toBe(true)
    expect(rowShown(nested, 'scope:Locals', 'total')).toBe(false)
  })

  it('what is under a matching row shows whole, so a match can be expanded', () => {
    const f = filterVariables(variables, roots, 'values')
    expect(rowShown(f, 'scope:Locals', 'values')).toBe(true)
    expect(rowShown(f, 'scope:Locals/values', '0')).toBe(true)
    expect(rowShown(f, 'scope:Locals', 'total')).toBe(false)
  })

  it('only loaded rows are searched, and a structure that refers to itself ends', () => {
    const cyclic: Record<number, VariableChildren> = { 1: loaded(v('node', 'Node', 5)), 5: loaded(v('next', 'Node', 5)) }
    expect(filterVariables(cyclic, [{ key: 'scope:Locals', reference: 1 }], 'absent').shown.size).toBe(0)
    expect(filterVariables({}, roots, 'total').shown.size).toBe(0)
  })
})
