// The keyboard shortcut list (F1, Ctrl+K Ctrl+S, or the ⌨ button in the status bar): every binding of the key
// table (workbench/keybindings.ts), grouped, with a filter. Escape closes it and gives focus back.
import { Fragment, useEffect, useRef, useState } from 'react'
import { KEY_BINDINGS, type KeyBinding, type KeyGroup } from '../workbench/keybindings'
import { useServices, useStore } from '../workbench/services'

const GROUPS: readonly KeyGroup[] = ['Debug', 'Breakpoints', 'Workbench', 'Editor']

/** "Ctrl+K Ctrl+S" as key caps: one <kbd> per key, strokes apart. */
function Keys({ keys }: { keys: string }) {
  return (
    <span className="keys">
      {keys.split(' ').map((stroke, i) => (
        <span className="stroke" key={i}>
          {stroke.split(/\+(?=.)/).map((key, j) => (
            <Fragment key={j}>
              {j > 0 && '+'}
              <kbd>{key}</kbd>
            </Fragment>
          ))}
        </span>
      ))}
    </span>
  )
}

export function ShortcutsDialog() {
  const { workbench } = useServices()
  const open = useStore(workbench.store, (s) => !!s.shortcutsOpen)
  const [filter, setFilter] = useState('')
  const returnFocus = useRef<Element | null>(null)
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (!open) return
    returnFocus.current = document.activeElement // before the filter takes the focus
    setFilter('')
    field.current?.focus()
  }, [open])
  if (!open) return null
  const close = () => {
    workbench.setShortcutsOpen(false)
    if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus()
  }
  const needle = filter.trim().toLowerCase()
  const matches = (b: KeyBinding) => !needle || b.keys.toLowerCase().includes(needle) || b.title.toLowerCase().includes(needle)
  return (
    <div className="modal-backdrop" data-testid="shortcuts-dialog" onMouseDown={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal shortcuts" role="dialog" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Keyboard shortcuts</div>
        <input
          data-testid="shortcuts-filter"
          ref={field}
          placeholder="Filter by key or action"
          aria-label="Filter the shortcuts"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <div className="shortcut-groups">
          {GROUPS.map((group) => {
            const rows = KEY_BINDINGS.filter((b) => b.group === group && matches(b))
            if (!rows.length) return null
            return (
              <table className="shortcut-group" key={group}>
                <caption>{group === 'Editor' ? 'Editor (when it has the focus)' : group}</caption>
                <tbody>
                  {rows.map((b) => (
                    <tr key={b.keys} data-testid="shortcut" data-keys={b.keys}>
                      <td className="shortcut-keys">
                        <Keys keys={b.keys} />
                      </td>
                      <td>{b.title}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          })}
        </div>
        <p className="muted shortcut-note">
          Tab and Shift+Tab move between the toolbar, the panels and the console; Enter or Space opens the focused file,
          frame or variable; Escape closes a dialog or menu. In the Debug Console: Enter evaluates, Shift+Enter starts a
          new line, Tab completes, ↑/↓ recall earlier input.
        </p>
        <div className="modal-buttons">
          <button className="primary" data-testid="shortcuts-close" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  )
}
