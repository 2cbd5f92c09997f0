// Models that hold something per project (run configurations, the chosen interpreter) follow the open folder.
import type { WorkbenchModel } from './workbenchModel'

/** Calls `open` with the workbench's folder now, and again whenever another folder is opened (or none is). */
export function followOpenFolder(workbench: WorkbenchModel, current: () => string | null, open: (folder: string | null) => void): void {
  const follow = () => {
    const root = workbench.state.root
    if (root !== current()) open(root)
  }
  workbench.store.subscribe(follow)
  follow()
}
