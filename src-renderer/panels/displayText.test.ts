import { describe, expect, it } from 'vitest'
import { displayText } from './displayText'

describe('debuggee text shown in a panel', () => {
  it('keeps HTML as the characters it is made of', () => {
    expect(displayText('<img src=x onerror=alert(1)><script>x()</script>')).toBe('<img src=x onerror=alert(1)><script>x()</script>')
  })

  it('drops ANSI colours, cursor moves and OSC strings (clipboard, title, hyperlink)', () => {
    expect(displayText('\x1b[31mred\x1b[0m \x1b[2J\x1b[1;1Hok')).toBe('red ok')
    expect(displayText('a\x1b]52;c;aGVsbG8=\x07b\x1b]0;title\x1b\\c')).toBe('abc')
    expect(displayText('\x1b]8;;http://x\x07link\x1b]8;;\x07')).toBe('link')
    expect(displayText('\x9b31mc1\x1b(B')).toBe('c1')
  })

  it('drops other control characters but keeps tabs and newlines', () => {
    expect(displayText('a\rb\x00c\x07d\te\nf')).toBe('abcd\te\nf')
  })

  it('cuts a huge value with an ellipsis and says how long it was', () => {
    const shown = displayText('x'.repeat(200_000), 100)
    expect(shown).toBe(`${'x'.repeat(100)}… (200,000 characters)`)
    expect(displayText('short', 100)).toBe('short')
  })
})
