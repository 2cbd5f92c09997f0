import { describe, expect, it } from 'vitest'
import { STDERR_END, STDERR_START, TerminalStreams, unfinishedEscapeStart } from './terminalStreams'

const red = (text: string) => STDERR_START + text + STDERR_END

describe('TerminalStreams', () => {
  it('passes stdout through and wraps stderr in red', () => {
    const streams = new TerminalStreams()
    expect(streams.format('hello\n', 'stdout')).toBe('hello\n')
    expect(streams.format('oops\n', 'stderr')).toBe(red('oops\n'))
  })

  it("puts the red back after a reset inside stderr, but not after the program's own colours", () => {
    const streams = new TerminalStreams()
    expect(streams.format('a\x1b[1;32mb\x1b[0mc\x1b[mdone', 'stderr')).toBe(
      red(`a\x1b[1;32mb\x1b[0m${STDERR_START}c\x1b[m${STDERR_START}done`),
    )
    // 38;5;0 is colour 0, not a reset.
    expect(streams.format('\x1b[38;5;0mx', 'stderr')).toBe(red('\x1b[38;5;0mx'))
  })

  it('keeps back an escape sequence split between chunks until its stream finishes it', () => {
    const streams = new TerminalStreams()
    expect(streams.format('green \x1b[3', 'stdout')).toBe('green ')
    // stderr in between does not land inside stdout's unfinished sequence.
    expect(streams.format('err', 'stderr')).toBe(red('err'))
    expect(streams.format('2mgo', 'stdout')).toBe('\x1b[32mgo')
    expect(streams.format('x\x1b', 'stderr')).toBe(red('x'))
    expect(streams.format('[0my', 'stderr')).toBe(red(`\x1b[0m${STDERR_START}y`))
  })

  it('returns nothing while a chunk is only an unfinished sequence', () => {
    const streams = new TerminalStreams()
    expect(streams.format('\x1b]0;tit', 'stderr')).toBe('')
    expect(streams.format('le\x07after', 'stderr')).toBe(red('\x1b]0;title\x07after'))
  })
})

describe('unfinishedEscapeStart', () => {
  it.each([
    ['plain', 5],
    ['a\x1b', 1],
    ['a\x1b[', 1],
    ['a\x1b[12;3', 1],
    ['a\x1b[12;3m', 8],
    ['a\x1b(B', 4],
    ['a\x1b(', 1],
    ['a\x1b]8;;http://x\x1b\\', 16],
    ['a\x1b]8;;http://x', 1],
    ['a\x1b]0;t\x07', 7],
  ])('%j ends an unfinished sequence at %i', (text, at) => {
    expect(unfinishedEscapeStart(text)).toBe(at)
  })
})
