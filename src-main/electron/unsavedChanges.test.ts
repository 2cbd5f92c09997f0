import { describe, expect, it } from 'vitest'
import { unsavedChangesQuestion } from './unsavedChanges'

describe('the window-closing question with unsaved files', () => {
  it('names how many files have unsaved changes, and stays unless Leave is chosen', () => {
    expect(unsavedChangesQuestion(1).message).toBe('You have unsaved changes in 1 file.')
    expect(unsavedChangesQuestion(3).message).toBe('You have unsaved changes in 3 files.')
    expect(unsavedChangesQuestion(0).message).toBe('You have unsaved changes.') // the count had not arrived yet
    const { buttons, defaultId, cancelId } = unsavedChangesQuestion(2)
    expect([buttons[defaultId], buttons[cancelId]]).toEqual(['Stay', 'Stay'])
    expect(buttons[0]).toBe('Leave')
  })
})
