// Persistent state of the app: settings and recent folders, one JSON file in the state directory.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AttachTarget, ProjectSettings, Settings } from '../../src-preload/contract'

export const RECENT_LIMIT = 10

/** A remembered attach target; the token only as the OS keychain's ciphertext. */
export interface StoredAttachTarget extends AttachTarget {
  tokenCipher?: string
}

interface StoredState {
  settings: Settings
  recent: string[]
  attachTargets: StoredAttachTarget[]
  /** Each folder's debug state as the renderer gave it (breakpoints, watches, exception settings). */
  folders: Record<string, unknown>
  /** What is chosen per project folder: its interpreter, its run configuration. */
  projects: Record<string, ProjectSettings>
}

const DEFAULT_STATE: StoredState = { settings: { python: '' }, recent: [], attachTargets: [], folders: {}, projects: {} }
/** Folders whose state is kept (the most recently saved), and the largest state accepted for one. */
export const FOLDER_STATE_LIMIT = 100
export const FOLDER_STATE_MAX_BYTES = 1024 * 1024

export class StateStore {
  private state: StoredState
  private readonly file: string

  constructor(stateDir: string) {
    this.file = join(stateDir, 'state.json')
    this.state = StateStore.read(this.file)
  }

  private static read(file: string): StoredState {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredState>
      return {
        settings: { ...DEFAULT_STATE.settings, ...(typeof parsed.settings === 'object' ? parsed.settings : {}) },
        recent: Array.isArray(parsed.recent) ? parsed.recent.filter((r): r is string => typeof r === 'string') : [],
        attachTargets: Array.isArray(parsed.attachTargets)
          ? parsed.attachTargets.filter((t) => typeof t?.host === 'string' && Number.isInteger(t?.port))
          : [],
        folders: parsed.folders && typeof parsed.folders === 'object' && !Array.isArray(parsed.folders) ? parsed.folders : {},
        projects: parsed.projects && typeof parsed.projects === 'object' && !Array.isArray(parsed.projects) ? parsed.projects : {},
      }
    } catch {
      // Missing or unreadable state: start fresh rather than refuse to open.
      return structuredClone(DEFAULT_STATE)
    }
  }

  get settings(): Settings {
    return { ...this.state.settings }
  }

  get recent(): string[] {
    return [...this.state.recent]
  }

  updateSettings(patch: Partial<Settings>): Settings {
    if (patch.python !== undefined && typeof patch.python !== 'string') throw new Error('settings.python must be a string')
    if (patch.justMyCode !== undefined && typeof patch.justMyCode !== 'boolean') throw new Error('settings.justMyCode must be true or false')
    if (patch.inlineValues !== undefined && typeof patch.inlineValues !== 'boolean') throw new Error('settings.inlineValues must be true or false')
    if (patch.theme !== undefined && !['system', 'dark', 'light'].includes(patch.theme)) throw new Error('settings.theme must be "system", "dark" or "light"')
    this.state.settings = { ...this.state.settings, ...patch }
    this.save()
    return this.settings
  }

  folderState(folder: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.state.folders, folder) ? structuredClone(this.state.folders[folder]) : null
  }

  /** Replaces a folder's state; the most recently saved FOLDER_STATE_LIMIT folders are kept. */
  setFolderState(folder: string, state: unknown): void {
    if (typeof folder !== 'string' || !folder) throw new Error('setFolderState needs a folder path')
    if (!state || typeof state !== 'object' || Array.isArray(state)) throw new Error('a folder state must be a JSON object')
    if (JSON.stringify(state).length > FOLDER_STATE_MAX_BYTES) throw new Error('a folder state is limited to 1 MiB')
    const { [folder]: _old, ...others } = this.state.folders
    const kept = Object.entries(others).slice(-(FOLDER_STATE_LIMIT - 1))
    this.state.folders = { ...Object.fromEntries(kept), [folder]: structuredClone(state) }
    this.save()
  }

  projectSettings(folder: string): ProjectSettings {
    const kept = Object.prototype.hasOwnProperty.call(this.state.projects, folder) ? this.state.projects[folder] : undefined
    return { ...(typeof kept?.python === 'string' ? { python: kept.python } : {}), ...(typeof kept?.runConfiguration === 'string' ? { runConfiguration: kept.runConfiguration } : {}) }
  }

  /** Changes a project's choices (null forgets one); the most recently changed FOLDER_STATE_LIMIT projects are kept. */
  updateProjectSettings(folder: string, patch: { [K in keyof ProjectSettings]?: ProjectSettings[K] | null }): ProjectSettings {
    if (typeof folder !== 'string' || !folder) throw new Error('Project settings need a folder path')
    if (!patch || typeof patch !== 'object') throw new Error('Project settings need an object')
    const next = this.projectSettings(folder)
    for (const key of ['python', 'runConfiguration'] as const) {
      const value = patch[key]
      if (value === undefined) continue
      if (value === null || value === '') delete next[key]
      else if (typeof value === 'string') next[key] = value
      else throw new Error(`${key} must be a string or null`)
    }
    const { [folder]: _old, ...others } = this.state.projects
    const kept = Object.entries(others).slice(-(FOLDER_STATE_LIMIT - 1))
    this.state.projects = Object.keys(next).length ? { ...Object.fromEntries(kept), [folder]: next } : Object.fromEntries(kept)
    this.save()
    return { ...next }
  }

  get attachTargets(): StoredAttachTarget[] {
    return this.state.attachTargets.map((t) => ({ ...t, pathMappings: [...(t.pathMappings ?? [])] }))
  }

  /** Most recent first; one entry per host:port. */
  addAttachTarget(target: StoredAttachTarget): void {
    const same = (t: StoredAttachTarget) => t.host === target.host && t.port === target.port
    this.state.attachTargets = [target, ...this.state.attachTargets.filter((t) => !same(t))].slice(0, RECENT_LIMIT)
    this.save()
  }

  addRecent(folder: string): void {
    this.state.recent = [folder, ...this.state.recent.filter((r) => r !== folder)].slice(0, RECENT_LIMIT)
    this.save()
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true })
    // Write then rename, so a crash never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(this.state, null, 2))
    renameSync(tmp, this.file)
  }
}
