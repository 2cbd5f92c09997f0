// Replacing an editor's text with the file's new text on disk (another program changed it). The change covers only
// what differs, so the cursor, the selection and the scroll position stay where they were as far as the text allows;
// it is marked so that breakpoints keep their line numbers instead of following the lines as they do for typing.
import { Transaction, type EditorState, type Text, type TransactionSpec } from '@codemirror/state'

/** The userEvent of a reload from disk (DAP breakpoints stay on their lines: the file is a new version). */
export const RELOAD_EVENT = 'bugscope.reload'

/** The smallest single replacement that turns `doc` into `text`: the common start and end are kept. */
export function diffToText(doc: Text, text: string): { from: number; to: number; insert: string } | null {
  const old = doc.toString()
  if (old === text) return null
  const max = Math.min(old.length, text.length)
  let start = 0
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++
  let end = 0
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) }
}

/** The transaction that makes `state`'s document `text`, marked as a reload (empty when they are the same). */
export function reloadTransaction(state: EditorState, text: string): TransactionSpec {
  const change = diffToText(state.doc, text)
  return change ? { changes: change, annotations: Transaction.userEvent.of(RELOAD_EVENT) } : {}
}

/** Whether a view update came from a reload from disk. */
export function isReload(transactions: readonly Transaction[]): boolean {
  return transactions.some((tr) => tr.isUserEvent(RELOAD_EVENT))
}
