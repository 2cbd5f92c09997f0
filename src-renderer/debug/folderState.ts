// What the debug model keeps per project folder: breakpoints (with their settings), watch expressions and
// exception settings, as one JSON document in one store. Reading is forgiving: a document from an older
// version or edited by hand gives what can be read, never an error.
import { storedBreakpoints, tableFromStored, type BreakpointTable, type StoredBreakpoint } from './breakpoints'
import type { HostApi } from '../../src-preload/contract'
import type { DebugState } from './debugState'
import { functionBreakpointsFromStored, storedFunctionBreakpoints, type FunctionBreakpointList, type StoredFunctionBreakpoint } from './functionBreakpoints'
import { settingsFromStored, type ExceptionSettings } from './exceptionSettings'
import { watchesFromStored, type WatchExpression } from './watches'

export interface FolderState {
  readonly version: 1
  readonly breakpoints: readonly StoredBreakpoint[]
  readonly watches: readonly string[]
  readonly exceptions: ExceptionSettings
  readonly functions?: readonly StoredFunctionBreakpoint[]
}

/** The model's part of a folder's state, as the model holds it. */
export interface RestoredFolderState {
  readonly breakpoints: BreakpointTable
  readonly functionBreakpoints: FunctionBreakpointList
  readonly watches: readonly WatchExpression[]
  readonly exceptionSettings: ExceptionSettings
}

/** Where folder states are kept: one document per folder path. */
export interface FolderStateStorage {
  load(folder: string): Promise<unknown>
  save(folder: string, state: FolderState): void
}

export function folderStateOf(s: Pick<DebugState, 'breakpoints' | 'functionBreakpoints' | 'watches' | 'exceptionSettings'>): FolderState {
  return {
    version: 1,
    breakpoints: storedBreakpoints(s.breakpoints),
    ...(s.functionBreakpoints.length ? { functions: storedFunctionBreakpoints(s.functionBreakpoints) } : {}),
    watches: s.watches.map((w) => w.expression),
    exceptions: s.exceptionSettings,
  }
}

export function restoreFolderState(raw: unknown): RestoredFolderState {
  const doc = raw && typeof raw === 'object' ? (raw as Partial<Record<keyof FolderState, unknown>>) : {}
  return {
    breakpoints: tableFromStored(Array.isArray(doc.breakpoints) ? doc.breakpoints : []),
    functionBreakpoints: functionBreakpointsFromStored(doc.functions),
    watches: watchesFromStored(doc.watches),
    exceptionSettings: settingsFromStored(doc.exceptions),
  }
}

const KEY_PREFIX = 'bugscope.folder:'

/**
 * Folder states kept by the host (in its state file, so they outlive the window, the browser-mode port and the
 * browser profile). A state an earlier version kept in this renderer's Web Storage is moved there on first load.
 */
export class HostFolderStates implements FolderStateStorage {
  constructor(
    private readonly host: Pick<HostApi, 'getFolderState' | 'setFolderState'>,
    private readonly legacy?: Pick<Storage, 'getItem' | 'removeItem'>,
  ) {}

  async load(folder: string): Promise<unknown> {
    const stored = await this.host.getFolderState(folder).catch(() => null)
    if (stored != null) return stored
    try {
      const text = this.legacy?.getItem(KEY_PREFIX + folder)
      if (!text) return undefined
      const moved = JSON.parse(text) as unknown
      await this.host.setFolderState(folder, moved)
      this.legacy?.removeItem(KEY_PREFIX + folder)
      return moved
    } catch {
      return undefined // unreadable: start the folder fresh
    }
  }

  save(folder: string, state: FolderState): void {
    // The state still holds in this window if the host cannot keep it.
    this.host.setFolderState(folder, state).catch((err) => console.warn('Could not keep the folder state', err))
  }
}
