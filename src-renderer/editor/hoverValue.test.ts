import { describe, expect, it } from 'vitest'
import { expressionAt } from './hoverValue'

describe('the hovered expression', () => {
  const line = '    total = self.items.count + len(values)  # note'
  const at = (word: string, offset = 0) => expressionAt(line, line.indexOf(word) + offset)?.text

  it('is the dotted chain up to the hovered name', () => {
    expect(at('count', 2)).toBe('self.items.count')
    expect(at('items')).toBe('self.items')
    expect(at('self', 1)).toBe('self')
    expect(at('values')).toBe('values')
  })

  it('is nothing on keywords, numbers, operators and spaces', () => {
    expect(expressionAt('    return x', 5)).toBeNull()
    expect(expressionAt('x = 42', 5)).toBeNull()
    expect(expressionAt('x = y', 2)).toBeNull()
    expect(expressionAt('a  b', 2)).toBeNull()
  })
})
