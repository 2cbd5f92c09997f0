// Quick open (Ctrl+P): the project's files, filtered by a fuzzy query as it is typed (workbench/fuzzyMatch.ts).
// Keyboard only: ↑/↓ choose, Enter opens, Escape closes and gives the focus back. The list is read from the host
// each time it opens, so new files are there.
import { useEffect, useMemo, useRef, useState } from 'react'
import { filterPaths, type FuzzyMatch } from '../workbench/fuzzyMatch'
import { useServices, useStore } from '../workbench/services'
import '../quickOpen.css'

/** The path with its matched characters marked. */
function Highlighted({ text, offset, positions }: { text: string; offset: number; positions: ReadonlySet<number> }) {
  return (
    <>
      {[...text].map((ch, i) => (positions.has(offset + i) ? <mark key={i}>{ch}</mark> : ch))}
    </>
  )
}

function Item({ match, selected, onOpen }: { match: FuzzyMatch; selected: boolean; onOpen: () => void }) {
  const slash = match.path.lastIndexOf('/')
  const positions = new Set(match.positions)
  return (
    <div
      className={`quick-open-item ${selected ? 'selected' : ''}`}
      data-testid="quick-open-item"
      data-path={match.path}
      aria-selected={selected}
      role="option"
      onMouseDown={(e) => {
        e.preventDefault()
        onOpen()
      }}
      ref={(el) => {
        if (selected) el?.scrollIntoView({ block: 'nearest' })
      }}
    >
      <span className="name">
        <Highlighted text={match.path.slice(slash + 1)} offset={slash + 1} positions={positions} />
      </span>
      {slash > 0 && (
        <span className="dir">
          <Highlighted text={match.path.slice(0, slash)} offset={0} positions={positions} />
        </span>
      )}
    </div>
  )
}

export function QuickOpen() {
  const { workbench, host } = useServices()
  const open = useStore(workbench.store, (s) => !!s.quickOpenOpen)
  const root = useStore(workbench.store, (s) => s.root)
  const [files, setFiles] = useState<string[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const returnFocus = useRef<Element | null>(null)
  const field = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (!open) return
    returnFocus.current = document.activeElement
    setQuery('')
    setSelected(0)
    setFiles(undefined)
    setError(undefined)
    field.current?.focus()
    let current = true
    host.listProjectFiles().then(
      (list) => current && setFiles(list),
      (err: Error) => current && setError(`Could not list the project's files: ${err.message}`),
    )
    return () => {
      current = false
    }
  }, [open, host])

  const matches = useMemo(() => filterPaths(query, files ?? []), [query, files])
  if (!open || !root) return null

  const close = (refocus = true) => {
    workbench.setQuickOpenOpen(false)
    if (refocus && returnFocus.current instanceof HTMLElement) returnFocus.current.focus()
  }
  const openMatch = (match: FuzzyMatch | undefined) => {
    if (!match) return
    close(false)
    const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/'
    void workbench.editor.openFile(`${root.replace(/[\\/]$/, '')}${sep}${match.path.split('/').join(sep)}`)
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const step = e.key === 'ArrowDown' ? 1 : -1
      setSelected((i) => (matches.length ? (i + step + matches.length) % matches.length : 0))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      openMatch(matches[selected])
    } else if (e.key === 'Escape') {
      e.preventDefault()
      close()
    }
  }
  return (
    <div className="modal-backdrop" data-testid="quick-open" onMouseDown={() => close()}>
      <div className="modal quick-open" role="dialog" aria-label="Go to file" onMouseDown={(e) => e.stopPropagation()}>
        <input
          data-testid="quick-open-input"
          ref={field}
          placeholder="Search files by name (fuzzy)"
          aria-label="File name"
          role="combobox"
          aria-expanded
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setSelected(0)
          }}
          onKeyDown={onKeyDown}
        />
        <div className="quick-open-list" role="listbox">
          {error ? (
            <div className="tree-note error">{error}</div>
          ) : files === undefined ? (
            <div className="tree-note">Listing the files…</div>
          ) : matches.length === 0 ? (
            <div className="tree-note">No file matches.</div>
          ) : (
            matches.map((m, i) => <Item key={m.path} match={m} selected={i === selected} onOpen={() => openMatch(m)} />)
          )}
        </div>
      </div>
    </div>
  )
}
