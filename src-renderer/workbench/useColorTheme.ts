// The colour theme kind in force, for components (the editor, the terminal, the App that applies it).
import { useSyncExternalStore } from 'react'
import { rememberedThemeSetting, resolveTheme, subscribeSystemTheme, systemPrefersDark, type ThemeKind, type ThemeSetting } from './colorTheme'
import { useServices, useStore } from './services'

/** Until the host's settings arrive (and when they say nothing): the last run's setting. */
const remembered = rememberedThemeSetting()

/** The setting in force: the settings' own, else the remembered one (undefined: follow the OS). */
export function useThemeSetting(): ThemeSetting | undefined {
  const { workbench } = useServices()
  return useStore(workbench.store, (s) => s.settings.theme) ?? remembered
}

/** Re-renders when the theme setting or the OS preference (`prefers-color-scheme`) changes. */
export function useColorTheme(): ThemeKind {
  const setting = useThemeSetting()
  const systemDark = useSyncExternalStore(subscribeSystemTheme, systemPrefersDark)
  return resolveTheme(setting, systemDark)
}
