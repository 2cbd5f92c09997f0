import { EditorSelection, EditorState } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { diffToText, isReload, reloadTransaction } from './diskReload'

describe('reloading an editor from disk', () => {
  it('replaces only what differs, so a cursor below a change keeps its line and column', () => {
    const state = EditorState.create({ doc: 'a = 1\nb = 2\nc = 3\n', selection: EditorSelection.cursor(14) }) // c|= 3
    expect(diffToText(state.doc, 'a = 1\nb = 2\nc = 3\n')).toBeNull()
    expect(diffToText(state.doc, 'a = 100\nb = 2\nc = 3\n')).toEqual({ from: 5, to: 5, insert: '00' })
    const tr = state.update(reloadTransaction(state, 'a = 100\nb = 2\nc = 3\n'))
    expect(tr.state.doc.toString()).toBe('a = 100\nb = 2\nc = 3\n')
    expect(tr.state.selection.main.head).toBe(16) // still after "c" on line 3
    expect(isReload([tr])).toBe(true)
  })

  it('handles a shorter text, an emptied file and a user edit (not a reload)', () => {
    const state = EditorState.create({ doc: 'xyz' })
    expect(diffToText(state.doc, 'xz')).toEqual({ from: 1, to: 2, insert: '' })
    expect(diffToText(state.doc, '')).toEqual({ from: 0, to: 3, insert: '' })
    expect(isReload([state.update({ changes: { from: 0, insert: 'a' } })])).toBe(false)
  })
})
