// The colour theme in force: the setting (system, dark, light) resolved against the OS preference
// (`prefers-color-scheme`). The page's palette switches on `<html data-theme>` (see palette.css); the editor
// (editor/theme.ts) and the terminal (panels/terminalTheme.ts) read the resolved kind through useColorTheme.ts.
import type { Settings } from '../../src-preload/contract'

export type ThemeSetting = NonNullable<Settings['theme']>
export type ThemeKind = 'dark' | 'light'

/** The order Ctrl+K Ctrl+T cycles through, and the choices of the status bar's theme menu. */
export const THEME_SETTINGS: readonly ThemeSetting[] = ['system', 'dark', 'light']

/** The theme shown for a setting; `systemDark` is the OS preference. */
export function resolveTheme(setting: ThemeSetting | undefined, systemDark: boolean): ThemeKind {
  if (setting === 'dark' || setting === 'light') return setting
  return systemDark ? 'dark' : 'light'
}

export function nextThemeSetting(setting: ThemeSetting | undefined): ThemeSetting {
  const i = THEME_SETTINGS.indexOf(setting ?? 'system')
  return THEME_SETTINGS[(i + 1) % THEME_SETTINGS.length]
}

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** Whether the OS asks for dark colours; without matchMedia (tests in Node) dark, the app's original look. */
export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' ? matchMedia(DARK_QUERY).matches : true
}

export function subscribeSystemTheme(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {}
  const query = matchMedia(DARK_QUERY)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

const REMEMBERED_SETTING = 'bugscope.theme'

/**
 * The setting the last run used (kept in localStorage): it stands in until the settings arrive from the host,
 * so a forced theme paints from the first frame instead of flashing the OS's colours.
 */
export function rememberedThemeSetting(): ThemeSetting | undefined {
  try {
    const remembered = typeof localStorage === 'undefined' ? null : localStorage.getItem(REMEMBERED_SETTING)
    return THEME_SETTINGS.find((t) => t === remembered)
  } catch {
    return undefined // storage refused (private mode): the OS preference decides
  }
}

/** Puts the theme on the page (palette.css's selector; it sets the native controls' `color-scheme` too). */
export function applyColorTheme(kind: ThemeKind, setting: ThemeSetting | undefined): void {
  document.documentElement.dataset.theme = kind
  if (!setting) return
  try {
    localStorage.setItem(REMEMBERED_SETTING, setting)
  } catch {
    // As above.
  }
}

/** Before the first render: the remembered setting, resolved against the OS preference. */
export function applyInitialColorTheme(): void {
  document.documentElement.dataset.theme = resolveTheme(rememberedThemeSetting(), systemPrefersDark())
}
