// The explorer: the open folder as a tree; folders list their entries lazily when expanded.
import type { FileEntry } from '../../src-preload/contract'
import { useServices, useStore } from '../workbench/services'
import { rowKeyDown } from './rowKeys'
import { displayText } from './displayText'

function DirChildren({ path, depth }: { path: string; depth: number }) {
  const { workbench } = useServices()
  const listing = useStore(workbench.store, (s) => s.dirs[path])
  if (!listing || listing.loading) return <div className="tree-note" style={{ paddingLeft: 8 + depth * 12 }}>Loading…</div>
  if (listing.error) return <div className="tree-note error" style={{ paddingLeft: 8 + depth * 12 }}>{listing.error}</div>
  if (!listing.entries?.length) return <div className="tree-note" style={{ paddingLeft: 8 + depth * 12 }}>(empty)</div>
  return (
    <>
      {listing.entries.map((entry) => (
        <ExplorerItem key={entry.path} entry={entry} depth={depth} />
      ))}
    </>
  )
}

function ExplorerItem({ entry, depth }: { entry: FileEntry; depth: number }) {
  const { workbench } = useServices()
  const expanded = useStore(workbench.store, (s) => !!s.expandedDirs[entry.path])
  const active = useStore(workbench.editor.store, (s) => s.activePath === entry.path)
  const isDir = entry.kind === 'dir'
  const open = () => (isDir ? void workbench.toggleDir(entry.path) : void workbench.editor.openFile(entry.path))
  return (
    <>
      <div
        className={`tree-row ${active ? 'active' : ''}`}
        style={{ paddingLeft: 8 + depth * 12 }}
        data-testid="explorer-item"
        data-path={entry.path}
        data-kind={entry.kind}
        title={entry.path}
        tabIndex={0}
        aria-expanded={isDir ? expanded : undefined}
        onClick={open}
        onKeyDown={rowKeyDown(open, '.tree-row')}
      >
        <span className="twisty">{isDir ? (expanded ? '▾' : '▸') : ''}</span>
        <span className={isDir ? 'icon-dir' : entry.name.endsWith('.py') ? 'icon-py' : 'icon-file'}>
          {isDir ? '▣' : entry.name.endsWith('.py') ? 'py' : '≡'}
        </span>
        <span className="tree-label">{displayText(entry.name)}</span>
      </div>
      {isDir && expanded && <DirChildren path={entry.path} depth={depth + 1} />}
    </>
  )
}

export function Explorer() {
  const { workbench } = useServices()
  const root = useStore(workbench.store, (s) => s.root)
  return (
    <section className="panel explorer" data-testid="explorer">
      <div className="panel-title">Explorer{root ? ` — ${root.split(/[\\/]/).pop()}` : ''}</div>
      <div className="panel-body">
        {root ? (
          <DirChildren path={root} depth={0} />
        ) : (
          <div className="tree-note">
            No folder open.
            <button className="link" data-testid="explorer-open-folder" onClick={() => void workbench.pickFolder()}>
              Open Folder
            </button>
          </div>
        )}
      </div>
    </section>
  )
}
