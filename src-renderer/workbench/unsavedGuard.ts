// Leaving the page with unsaved changes (closing the window, reloading it) asks first. The page arms `beforeunload`
// only while some editor has unsaved changes: the browser then asks itself, and in the desktop app the main process
// hears the prevented unload (will-prevent-unload) and asks natively, naming the count the host was told.
import type { HostApi } from '../../src-preload/contract'
import type { EditorModel } from './editorModel'

/** Returns the function that stops guarding. */
export function guardUnsavedChanges(editor: EditorModel, host: Pick<HostApi, 'setUnsavedFileCount'>, page: EventTarget): () => void {
  let count = 0
  const askFirst = (e: Event) => {
    e.preventDefault()
    // Chromium before 119 and Electron's will-prevent-unload look at returnValue too.
    ;(e as BeforeUnloadEvent).returnValue = ''
  }
  const follow = () => {
    const now = editor.unsavedPaths().length
    if (now === count) return
    if (count === 0) page.addEventListener('beforeunload', askFirst)
    else if (now === 0) page.removeEventListener('beforeunload', askFirst)
    count = now
    host.setUnsavedFileCount(now).catch(() => undefined) // the host is gone: there is no window to close either
  }
  const unsubscribe = editor.store.subscribe(follow)
  follow()
  return () => {
    unsubscribe()
    page.removeEventListener('beforeunload', askFirst)
  }
}
