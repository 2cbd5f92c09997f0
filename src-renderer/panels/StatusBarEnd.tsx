// The right end of the status bar: the colour theme setting, the keyboard shortcut list (⌨) and About.
import { THEME_SETTINGS, type ThemeSetting } from '../workbench/colorTheme'
import { keysFor } from '../workbench/keybindings'
import { useServices, useStore } from '../workbench/services'
import { APP_VERSION } from '../version'
import { icons } from './icons'
import { SettingsStatus } from './SettingsStatus'

const THEME_LABELS: Record<ThemeSetting, string> = { system: 'Theme: system', dark: 'Theme: dark', light: 'Theme: light' }

export function StatusBarEnd() {
  const { workbench, commands } = useServices()
  const theme = useStore(workbench.store, (s) => s.settings.theme ?? 'system')
  return (
    <span className="statusbar-end">
      <SettingsStatus />
      <select
        className="statusbar-select"
        data-testid="theme-setting"
        aria-label="Colour theme"
        title={`Colour theme: follow the system, or always dark or light (${keysFor('cycleTheme')})`}
        value={theme}
        onChange={(e) => void workbench.setTheme(e.target.value as ThemeSetting)}
      >
        {THEME_SETTINGS.map((t) => (
          <option key={t} value={t}>
            {THEME_LABELS[t]}
          </option>
        ))}
      </select>
      <button
        className="statusbar-item statusbar-icon"
        data-testid="btn-shortcuts"
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (${keysFor('showShortcuts')})`}
        onClick={() => commands.showShortcuts()}
      >
        {icons.keyboard}
      </button>
      <button className="statusbar-item about-button" data-testid="btn-about" title="About Bugscope" onClick={() => commands.showAbout()}>
        Bugscope {APP_VERSION}
      </button>
    </span>
  )
}
