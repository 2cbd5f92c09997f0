// Persistent state of the app: settings and recent folders, one JSON file in the state directory.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AttachTarget, Settings } from '../../src-preload/contract'

export const RECENT_LIMIT = 10

/** A remembered attach target; the token only as the OS keychain's ciphertext. */
export interface StoredAttachTarget extends AttachTarget {
  tokenCipher?: string
}

interface StoredState {
  settings: Settings
  recent: string[]
  attachTargets: StoredAttachTarget[]
}

const DEFAULT_STATE: StoredState = { settings: { python: '' }, recent: [], attachTargets: [] }

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
    this.state.settings = { ...this.state.settings, ...patch }
    this.save()
    return this.settings
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
