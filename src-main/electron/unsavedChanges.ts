// The native question when the workbench window closes or reloads while editors have unsaved changes. Electron
// shows nothing for a page's prevented unload (it emits will-prevent-unload instead), so app.ts asks with these
// options; kept apart from 'electron' so that it can be tested.

/** Options for dialog.showMessageBoxSync: button 0 leaves (the changes are lost), 1 (the default) stays. */
export function unsavedChangesQuestion(count: number): {
  type: 'warning'
  title: string
  message: string
  detail: string
  buttons: string[]
  defaultId: number
  cancelId: number
  noLink: boolean
} {
  const files = count === 1 ? '1 file' : `${count} files`
  return {
    type: 'warning',
    title: 'Unsaved changes',
    message: count > 0 ? `You have unsaved changes in ${files}.` : 'You have unsaved changes.',
    detail: 'Leave closes without saving them. Stay keeps the window open: Ctrl+S saves a file.',
    buttons: ['Leave', 'Stay'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
}
