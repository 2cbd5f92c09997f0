import { describe, expect, it } from 'vitest'
import { applyCompletion } from './DebugConsole'

describe('a console completion', () => {
  it('replaces what the tracer says it completes (start within the line, length) and puts the caret after it', () => {
    expect(applyCompletion('len(val', 7, { label: 'values', start: 4, length: 3 })).toEqual({ text: 'len(values', caret: 10 })
    expect(applyCompletion('obj.na + 1', 6, { label: 'name', start: 4, length: 2 })).toEqual({ text: 'obj.name + 1', caret: 8 })
  })

  it('works on the current line of multi-line input, and inserts at the caret without a range', () => {
    expect(applyCompletion('for x in r:\n    pri', 19, { label: 'print', start: 4, length: 3 })).toEqual({ text: 'for x in r:\n    print', caret: 21 })
    expect(applyCompletion('d[', 2, { label: "'key'" })).toEqual({ text: "d['key'", caret: 7 })
  })
})

describe('a grid cell', () => {
  it('shows numpy scalars as their number', async () => {
    const { cellText } = await import('./GridView')
    expect(cellText('np.int64(40)')).toBe('40')
    expect(cellText('np.float64(0.5)')).toBe('0.5')
    expect(cellText("'text'")).toBe("'text'")
  })
})
