import { ChangeSet, Text } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { moveBreakpointLines, toggleBreakpoint, type BreakpointTable } from '../debug/breakpoints'
import { mapLineThroughChanges } from './breakpointLines'

const doc = Text.of(['a = 1', 'b = 2', 'c = 3', 'd = 4', 'e = 5', 'f = 6'])
/** Where each line 1..6 goes through `changes`. */
function mapAll(changes: ChangeSet): (number | null)[] {
  const after = changes.apply(doc)
  return [1, 2, 3, 4, 5, 6].map((line) => mapLineThroughChanges(doc, after, changes, line))
}
const at = (line: number) => doc.line(line).from

describe('breakpoint lines through an edit', () => {
  it('moves lines down by the lines inserted above them, including at the start of their own line', () => {
    expect(mapAll(ChangeSet.of({ from: at(3), insert: 'x\ny\n' }, doc.length))).toEqual([1, 2, 5, 6, 7, 8])
  })

  it('keeps a line where it is when text is inserted in it or below it', () => {
    expect(mapAll(ChangeSet.of({ from: at(5) + 2, insert: 'x\ny' }, doc.length))).toEqual([1, 2, 3, 4, 5, 7])
  })

  it('drops deleted lines and moves the lines below up', () => {
    expect(mapAll(ChangeSet.of({ from: at(2), to: at(4) }, doc.length))).toEqual([1, null, null, 2, 3, 4])
  })

  it('deletes the last line with the line break before it', () => {
    expect(mapAll(ChangeSet.of({ from: doc.line(5).to, to: doc.length }, doc.length))).toEqual([1, 2, 3, 4, 5, null])
  })

  it('takes a line joined onto the one above (Backspace at its start) along with its text', () => {
    expect(mapAll(ChangeSet.of({ from: doc.line(3).to, to: at(4) }, doc.length))).toEqual([1, 2, 3, 3, 4, 5])
  })
})

describe('moveBreakpointLines', () => {
  const path = '/p/main.py'
  const table = (...lines: number[]): BreakpointTable => lines.reduce((t, line) => toggleBreakpoint(t, path, line), {} as BreakpointTable)
  const lines = (t: BreakpointTable) => (t[path] ?? []).map((bp) => bp.line)

  it('moves each breakpoint to its line\'s new number, unverified, and drops those whose line went', () => {
    const before = table(2, 5)
    const verified = { ...before, [path]: before[path].map((bp) => ({ ...bp, verified: true })) }
    const after = moveBreakpointLines(verified, path, (line) => (line === 2 ? null : line + 2))
    expect(lines(after)).toEqual([7])
    expect(after[path][0]).toMatchObject({ key: before[path][1].key, verified: false })
  })

  it('returns the same table when no line moves, and keeps the breakpoint already on a line another lands on', () => {
    const t = table(3, 4)
    expect(moveBreakpointLines(t, path, (line) => line)).toBe(t)
    const joined = moveBreakpointLines(t, path, (line) => (line === 4 ? 3 : line))
    expect(joined[path].map((bp) => bp.key)).toEqual([t[path][0].key])
  })
})
