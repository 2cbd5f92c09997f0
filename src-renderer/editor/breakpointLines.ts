// Where a line goes through an edit: the rule that makes breakpoint markers (and the breakpoint table) follow
// their code while the file is edited. Pure, so the rule is tested without a view.
import type { ChangeDesc, Text } from '@codemirror/state'

/**
 * The number in `after` (the document once `changes` are applied) of line `line` of `before`, or null when the
 * edit deleted it: its text and its line break (the one before it, for the last line) are gone. Text inserted at the start of a line pushes the line
 * down, as the code there moves; a line joined onto the one above (Backspace at its start) goes with it.
 */
export function mapLineThroughChanges(before: Text, after: Text, changes: ChangeDesc, line: number): number | null {
  if (line < 1 || line > before.lines) return null
  const { from, to } = before.line(line)
  const last = line === before.lines
  let deleted = false
  changes.iterChangedRanges((fromA, toA) => {
    if (fromA <= from && toA >= to + 1) deleted = true
    // An empty last line whose line break goes is taken to join the line above rather than to be deleted.
    else if (last && from > 0 && to > from && fromA <= from - 1 && toA >= to) deleted = true
  })
  if (deleted) return null
  return after.lineAt(changes.mapPos(from, 1)).number
}
