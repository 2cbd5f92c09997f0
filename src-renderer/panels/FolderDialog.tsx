// Browser mode has no native folder picker: this dialog asks for the folder's path.
import { useEffect, useRef, useState } from 'react'
import { useServices, useStore } from '../workbench/services'

export function FolderDialog() {
  const { workbench } = useServices()
  const open = useStore(workbench.store, (s) => s.folderDialogOpen)
  const root = useStore(workbench.store, (s) => s.root)
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (open) {
      setPath(root ?? '')
      setTimeout(() => input.current?.focus(), 0)
    }
  }, [open, root])

  if (!open) return null
  const submit = async () => {
    if (!path.trim() || busy) return
    setBusy(true)
    try {
      await workbench.openFolder(path)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="modal-backdrop" data-testid="folder-dialog" onMouseDown={() => workbench.setFolderDialogOpen(false)}>
      <div className="modal" role="dialog" aria-label="Open Folder" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Open Folder</div>
        <p className="muted">Absolute path of the folder on the machine that runs Bugscope:</p>
        <input
          ref={input}
          data-testid="folder-path-input"
          spellCheck={false}
          placeholder="/home/me/project"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit()
            if (e.key === 'Escape') workbench.setFolderDialogOpen(false)
          }}
        />
        <div className="modal-buttons">
          <button data-testid="folder-cancel" onClick={() => workbench.setFolderDialogOpen(false)}>
            Cancel
          </button>
          <button className="primary" data-testid="folder-ok" disabled={!path.trim() || busy} onClick={() => void submit()}>
            Open
          </button>
        </div>
      </div>
    </div>
  )
}
