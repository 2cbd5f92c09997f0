import { describe, expect, it } from 'vitest'
import { functionLines, inlineText, LINE_LIMIT, namesOnLine, VALUE_LIMIT } from './inlineValues'

describe('inline values', () => {
  it('a line refers to its identifiers in order, once each, without keywords, attributes or strings', () => {
    expect(namesOnLine('    for v in values:')).toEqual(['v', 'values'])
    expect(namesOnLine('total += v  # add v to total_count')).toEqual(['total', 'v'])
    expect(namesOnLine('if x is not None and x > y: return x')).toEqual(['x', 'y'])
    expect(namesOnLine('self.total = total + item.count')).toEqual(['self', 'total', 'item'])
    expect(namesOnLine(`print("total is", f'{v}', r'x\\'y', end)`)).toEqual(['print', 'end'])
  })

  it('keyword argument names are not the locals of the same name, but an assignment is', () => {
    expect(namesOnLine('show(end=total, sep=sep)')).toEqual(['show', 'total', 'sep'])
    expect(namesOnLine('end = total')).toEqual(['end', 'total'])
    expect(namesOnLine('ok = f(a) == b')).toEqual(['ok', 'f', 'a', 'b'])
  })

  it('shows `name = value` for the names that are locals, cutting long values and long lines', () => {
    const values = new Map([['total', '15'], ['v', '3'], ['text', "'a\\nb'"]])
    expect(inlineText('        total += v', values)).toBe('total = 15, v = 3')
    expect(inlineText('    print(total)', values)).toBe('total = 15')
    expect(inlineText('    return 0', values)).toBe('')
    const long = new Map([['data', `[${'1, '.repeat(100)}1]`]])
    const shown = inlineText('data.append(1)', long)
    expect(shown.length).toBe('data = '.length + VALUE_LIMIT)
    expect(shown.endsWith('…')).toBe(true)
    const many = new Map(Array.from({ length: 30 }, (_, i) => [`name${i}`, 'x'.repeat(20)] as [string, string]))
    const line = inlineText([...many.keys()].join(' + '), many)
    expect(line.length).toBe(LINE_LIMIT)
    expect(line.endsWith('…')).toBe(true)
  })

  it('a value spread over lines is shown on one', () => {
    expect(inlineText('x', new Map([['x', '{\n  1: 2\n}']]))).toBe('x = { 1: 2 }')
  })

  it("the stopped function's lines run from its def to its last indented line; module code is the whole file", () => {
    const source = ['import os', '', 'def f(a):', '    total = 0', '    for v in a:', '', '        total += v', '    return total', '', 'f([1])']
    const at = (n: number) => source[n - 1]
    expect(functionLines(at, source.length, 7)).toEqual({ from: 3, to: 8 })
    expect(functionLines(at, source.length, 4)).toEqual({ from: 3, to: 8 })
    expect(functionLines(at, source.length, 10)).toEqual({ from: 1, to: 10 })
  })
})
