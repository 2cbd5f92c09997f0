// Over the editor of a file that another program changed on disk while it had unsaved changes: take the text on
// disk, or keep the editor's (the next save then overwrites the file without asking).
import { useServices } from '../workbench/services'
import '../editorFiles.css'

export function DiskChangedBar({ path }: { path: string }) {
  const { workbench } = useServices()
  const name = path.split(/[\\/]/).pop() ?? path
  return (
    <div className="disk-bar" role="alert" data-testid="disk-changed-bar">
      <span className="disk-bar-text">
        <b>{name}</b> changed on disk, and you have unsaved changes in it.
      </span>
      <button data-testid="disk-reload" onClick={() => void workbench.editor.reload(path)}>
        Reload (lose your changes)
      </button>
      <button data-testid="disk-keep" onClick={() => workbench.editor.keepEditorText(path)}>
        Keep yours
      </button>
    </div>
  )
}
