// What the debug model keeps per project folder: breakpoints (with their settings), watch expressions and
// exception settings, as one JSON document in one store. Reading is forgiving: a document from an older
// version or edited by hand gives what can be read, never an error.
import { storedBreakpoints, tableFromStored, type BreakpointTable, type StoredBreakpoint } from './breakpoints'
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
  load(folder: string): unknown
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
 * Folder states in the renderer's Web Storage (localStorage). In the desktop app it lives in the app's
 * profile; in browser mode it is per origin, so it lasts as long as the server keeps its port.
 */
export class WebStorageFolderStates implements FolderStateStorage {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'>) {}

  load(folder: string): unknown {
    try {
      const text = this.storage.getItem(KEY_PREFIX + folder)
      return text ? JSON.parse(text) : undefined
    } catch {
      return undefined // unreadable: start the folder fresh
    }
  }

  save(folder: string, state: FolderState): void {
    try {
      this.storage.setItem(KEY_PREFIX + folder, JSON.stringify(state))
    } catch (err) {
      // Storage full or disabled: the state still holds for this window.
      console.warn('Could not keep the folder state', err)
    }
  }
}
