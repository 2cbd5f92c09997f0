// Keeps the debug model's per-folder state (breakpoints, watches, exception settings) in step with the open
// folder: opening a folder restores its state, and every change is saved under that folder.
import type { DebugModel } from '../debug/debugModel'
import { folderStateOf, restoreFolderState, type FolderStateStorage } from '../debug/folderState'
import type { WorkbenchModel } from './workbenchModel'

/** Returns the function that stops keeping the state. */
export function keepFolderState(workbench: WorkbenchModel, debug: DebugModel, storage: FolderStateStorage): () => void {
  let folder: string | null = null
  let saved = ''
  let seen: unknown[] = []
  let loading = false // a folder's state is on its way: saving now would overwrite it with the empty one
  const save = () => {
    if (loading) return
    const { breakpoints, functionBreakpoints, watches, exceptionSettings } = debug.state
    if (!folder || (seen[0] === breakpoints && seen[1] === watches && seen[2] === exceptionSettings && seen[3] === functionBreakpoints)) return
    seen = [breakpoints, watches, exceptionSettings, functionBreakpoints]
    const state = folderStateOf(debug.state)
    const text = JSON.stringify(state)
    if (text === saved) return // most debug-state changes (a step, a verification) change nothing kept
    saved = text
    storage.save(folder, state)
  }
  const followFolder = () => {
    const root = workbench.state.root
    if (root === folder) return
    folder = root
    saved = ''
    seen = []
    if (!root) return
    loading = true
    void storage.load(root).then((raw) => {
      if (folder !== root) return // another folder was opened meanwhile
      loading = false
      debug.restoreFolderState(restoreFolderState(raw))
    })
  }
  followFolder()
  const unfollow = workbench.store.subscribe(followFolder)
  const unsave = debug.store.subscribe(save)
  return () => {
    unfollow()
    unsave()
  }
}
