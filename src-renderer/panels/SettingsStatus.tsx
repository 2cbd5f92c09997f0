// The status bar's settings entry: a menu to open the user's or the project's settings file in the editor, and,
// while a settings file has a problem, a mark naming the file and line (a click shows that line).
import { useEffect, useRef, useState } from 'react'
import { keysFor } from '../workbench/keybindings'
import { useServices, useStore } from '../workbench/services'
import { settingsProblems } from '../workbench/settingsFilesModel'
import '../settingsMenu.css'

export function SettingsStatus() {
  const { commands, settingsFiles, workbench } = useServices()
  const files = useStore(settingsFiles.store, (s) => s.files)
  const root = useStore(workbench.store, (s) => s.root)
  const [open, setOpen] = useState(false)
  const menu = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    menu.current?.querySelector('button')?.focus()
    const close = (e: MouseEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', close)
    return () => window.removeEventListener('mousedown', close)
  }, [open])
  const problems = settingsProblems(files)
  const first = problems[0]
  const run = (action: () => void) => {
    setOpen(false)
    action()
  }
  return (
    <span className="settings-status">
      {first && (
        <button
          className="statusbar-item settings-problem"
          data-testid="settings-problem"
          title={`${problems.map((p) => p.message).join('\n')}\nClick to show it.`}
          onClick={() => void settingsFiles.showProblem(first)}
        >
          ⚠ {first.message.slice(0, first.message.indexOf(':') > 0 ? first.message.indexOf(':') : undefined)}
          {problems.length > 1 ? ` (+${problems.length - 1})` : ''}
        </button>
      )}
      <button
        className="statusbar-item"
        data-testid="btn-settings"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Settings: open the settings files"
        onClick={() => setOpen(!open)}
      >
        ⚙ Settings
      </button>
      {open && (
        <div className="settings-menu" role="menu" ref={menu} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <button role="menuitem" data-testid="menu-user-settings" onClick={() => run(() => commands.openUserSettings())}>
            Open User Settings (JSON) <span className="menu-keys">{keysFor('openUserSettings')}</span>
          </button>
          <button
            role="menuitem"
            data-testid="menu-project-settings"
            disabled={!root}
            title={root ? `${root}/.bugscope/settings.json: this project's interpreter, run configuration and debug settings` : 'Open a folder first'}
            onClick={() => run(() => commands.openProjectSettings())}
          >
            Open Project Settings (JSON)
          </button>
        </div>
      )}
    </span>
  )
}
