// Persistent state of the app: settings and recent folders, one JSON file in the state directory.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Settings } from '../../src-preload/contract'

export const RECENT_LIMIT = 10

interface StoredState {
  settings: Settings
  recent: string[]
}

const DEFAULT_STATE: StoredState = { settings: { python: '' }, recent: [] }

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
    this.state.settings = { ...this.state.settings, ...patch }
    this.save()
    return this.settings
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
