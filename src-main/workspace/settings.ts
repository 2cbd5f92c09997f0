// The settings, in plain JSON files the user may edit by hand: the user's `settings.json` in the state directory,
// and a project's `.bugscope/settings.json` holding its choices (interpreter, run configuration) and the debug
// settings it overrides. A session uses the user's settings overridden by the open project's. Older versions kept
// both in state.json: the user settings move to settings.json at start; a project's choices are read from
// state.json until its first change writes them into its file (so opening a folder never creates files in it).
import { join } from 'node:path'
import type { ProjectSettings, Settings, SettingsFiles } from '../../src-preload/contract'
import { isBoolean, isString, oneOf, SettingsFile, type SettingsSchema } from './settingsFile'
import type { StateStore } from './store'

const debugSettings = { justMyCode: isBoolean, suspendPolicy: oneOf('all', 'thread'), stepBack: isBoolean }

/** The user's keys, in the order a new settings.json lists them. */
export const USER_SETTINGS: SettingsSchema = { python: isString, ...debugSettings, theme: oneOf('system', 'dark', 'light'), inlineValues: isBoolean }
/** A project's keys: its choices, then the debug settings it may override. */
export const PROJECT_SETTINGS: SettingsSchema = { python: isString, runConfiguration: isString, ...debugSettings }
/** The user settings a project's file overrides. */
export const PROJECT_OVERRIDES = Object.keys(debugSettings) as (keyof typeof debugSettings & keyof Settings)[]

export const userSettingsPath = (stateDir: string) => join(stateDir, 'settings.json')
export const projectSettingsPath = (folder: string) => join(folder, '.bugscope', 'settings.json')

/** The keys of `values` the schema knows with good values; '' (the old "not chosen") left out. */
function usable(values: Record<string, unknown> | undefined, schema: SettingsSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([k, v]) => Object.prototype.hasOwnProperty.call(schema, k) && v !== '' && !schema[k](v)))
}

export class SettingsStore {
  readonly user: SettingsFile
  private readonly projects = new Map<string, SettingsFile>()
  /** The old user settings, when they could not be moved to settings.json (a read-only state directory). */
  private unmoved: Record<string, unknown> = {}

  constructor(
    stateDir: string,
    private readonly state: StateStore,
  ) {
    this.user = new SettingsFile(userSettingsPath(stateDir), 'settings.json', USER_SETTINGS)
    this.moveLegacySettings()
  }

  private moveLegacySettings(): void {
    const legacy = this.state.legacySettings
    if (!legacy) return
    const values = usable(legacy, USER_SETTINGS)
    try {
      // An existing settings.json wins: it was written after them.
      if (Object.keys(values).length && !this.user.info().exists) this.user.create(values)
      this.state.forgetLegacySettings()
    } catch {
      this.unmoved = values
    }
  }

  private projectFile(folder: string): SettingsFile {
    let file = this.projects.get(folder)
    if (!file) this.projects.set(folder, (file = new SettingsFile(projectSettingsPath(folder), '.bugscope/settings.json', PROJECT_SETTINGS)))
    return file
  }

  /** The user's settings (the last good ones while settings.json is broken). */
  userSettings(): Settings {
    return { python: '', ...this.unmoved, ...this.user.values() } as Settings
  }

  /** The settings in force for `folder`'s sessions: the user's, with the project's overrides. */
  settings(folder: string | null): Settings {
    const user = this.userSettings()
    if (!folder) return user
    const project = this.projectFile(folder).values()
    return { ...user, ...Object.fromEntries(PROJECT_OVERRIDES.filter((k) => k in project).map((k) => [k, project[k]])) }
  }

  /**
   * Changes settings from the UI, each key in the file it comes from: the project's when it overrides the key,
   * else the user's. Nothing is written when either file involved is broken.
   */
  updateSettings(patch: Partial<Settings>, folder: string | null): Settings {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('setSettings needs an object')
    const project = folder ? this.projectFile(folder) : undefined
    const overridden = project ? project.values() : {}
    const toProject = Object.fromEntries(Object.entries(patch).filter(([k]) => (PROJECT_OVERRIDES as string[]).includes(k) && k in overridden))
    // A value the user file already gives (the Python field left as it was) writes nothing.
    const user = this.userSettings() as unknown as Record<string, unknown>
    const toUser = Object.fromEntries(Object.entries(patch).filter(([k, v]) => !(k in toProject) && v !== undefined && user[k] !== v))
    if (Object.keys(toProject).length) project!.assertWritable()
    if (Object.keys(toUser).length) {
      this.user.update(toUser, this.unmoved)
      this.unmoved = {}
    }
    if (Object.keys(toProject).length) project!.update(toProject)
    return this.settings(folder)
  }

  /** A project's choices and overrides: its file's, over what state.json still holds for it. */
  projectSettings(folder: string): ProjectSettings {
    return { ...usable(this.state.legacyProject(folder), PROJECT_SETTINGS), ...this.projectFile(folder).values() } as ProjectSettings
  }

  /** Changes a project's settings (null or '' forgets one), creating its file; state.json's old values move in. */
  updateProjectSettings(folder: string, patch: Readonly<Record<string, unknown>>): ProjectSettings {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('Project settings need an object')
    const file = this.projectFile(folder)
    const legacy = usable(this.state.legacyProject(folder), PROJECT_SETTINGS)
    const changes = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === '' ? null : v]))
    const nothingToWrite = !file.info().exists && !Object.keys(legacy).length && Object.values(changes).every((v) => v === null || v === undefined)
    if (!nothingToWrite) {
      const present = file.values()
      const moved = Object.fromEntries(Object.entries(legacy).filter(([k]) => !(k in present)))
      file.update({ ...moved, ...changes })
    }
    this.state.forgetLegacyProject(folder)
    return this.projectSettings(folder)
  }

  files(folder: string | null): SettingsFiles {
    return { user: this.user.info(), project: folder ? this.projectFile(folder).info() : null }
  }

  /** Creates a settings file that does not exist yet, for the editor: the user's with the values in force. */
  createFile(scope: 'user' | 'project', folder: string | null): string {
    if (scope === 'user') {
      this.user.create(usable({ ...this.userSettings() }, USER_SETTINGS))
      this.unmoved = {}
      return this.user.path
    }
    if (!folder) throw new Error('Open a folder first: project settings belong to a project folder.')
    const file = this.projectFile(folder)
    if (!file.info().exists) {
      file.create(usable(this.state.legacyProject(folder), PROJECT_SETTINGS))
      this.state.forgetLegacyProject(folder)
    }
    return file.path
  }
}
