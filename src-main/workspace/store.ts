// Persistent state of the app: recent folders, attach targets and each folder's debug state, one JSON file in the
// state directory that only Bugscope writes. Settings live in files the user edits (settings.ts); the settings and
// project choices older versions kept here are read once more, to move them there.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AttachTarget, ProjectSettings, Settings } from '../../src-preload/contract'
import { writeAtomically } from './files'

export const RECENT_LIMIT = 10

/** A remembered attach target; the token only as the OS keychain's ciphertext. */
export interface StoredAttachTarget extends AttachTarget {
  tokenCipher?: string
}

interface StoredState {
  /** Before settings.json: the user settings (moved out at start, see settings.ts). */
  settings?: Partial<Settings>
  recent: string[]
  attachTargets: StoredAttachTarget[]
  /** Each folder's debug state as the renderer gave it (breakpoints, watches, exception settings). */
  folders: Record<string, unknown>
  /** Before .bugscope/settings.json: each project's choices (moved to its file at its first change). */
  projects: Record<string, ProjectSettings>
}

const DEFAULT_STATE: StoredState = { recent: [], attachTargets: [], folders: {}, projects: {} }
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
        ...(parsed.settings && typeof parsed.settings === 'object' && !Array.isArray(parsed.settings) ? { settings: parsed.settings } : {}),
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

  get recent(): string[] {
    return [...this.state.recent]
  }

  /** The user settings an older version kept here, if they were not moved yet. */
  get legacySettings(): Partial<Settings> | undefined {
    return this.state.settings ? { ...this.state.settings } : undefined
  }

  forgetLegacySettings(): void {
    if (!this.state.settings) return
    delete this.state.settings
    this.save()
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

  /** A project's choices an older version kept here, if they were not moved to its file yet. */
  legacyProject(folder: string): Record<string, unknown> | undefined {
    const kept = Object.prototype.hasOwnProperty.call(this.state.projects, folder) ? this.state.projects[folder] : undefined
    return kept && typeof kept === 'object' ? { ...kept } : undefined
  }

  forgetLegacyProject(folder: string): void {
    if (!Object.prototype.hasOwnProperty.call(this.state.projects, folder)) return
    const { [folder]: _moved, ...others } = this.state.projects
    this.state.projects = others
    this.save()
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
    writeAtomically(this.file, JSON.stringify(this.state, null, 2))
  }
}
