// Watches the open folder so that the explorer shows new, renamed and deleted files without a refresh. The host
// counts batches of changes (`version`); the renderer polls that number and lists its expanded folders again when
// it moves. Polling a counter survives a reconnecting WebSocket and needs no push channel in the contract.
import { watch as fsWatch, type FSWatcher } from 'node:fs'
import { HIDDEN_NAMES } from './files'

/** A change under a cache, VCS or dependency folder (or a .pyc) is not shown by the explorer: it is ignored. */
export function isIgnoredChange(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/)
  return parts.some((part) => HIDDEN_NAMES.has(part)) || relativePath.endsWith('.pyc')
}

export type WatchFunction = (
  root: string,
  options: { recursive: boolean },
  listener: (event: string, filename: string | Buffer | null) => void,
) => Pick<FSWatcher, 'close' | 'on'>

export interface FolderWatcherOptions {
  /** Changes closer together than this make one batch (a `git checkout` writes hundreds of files). */
  debounceMs?: number
  watch?: WatchFunction
}

export class FolderWatcher {
  private batches = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private watcher: Pick<FSWatcher, 'close' | 'on'> | undefined

  constructor(root: string, options: FolderWatcherOptions = {}) {
    const debounceMs = options.debounceMs ?? 150
    const watch = options.watch ?? (fsWatch as unknown as WatchFunction)
    const onChange = (_event: string, filename: string | Buffer | null) => {
      // No name (some platforms, an overflowed queue): count it, the explorer lists again.
      if (filename !== null && isIgnoredChange(filename.toString())) return
      clearTimeout(this.timer)
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.batches++
      }, debounceMs)
    }
    try {
      // Recursive watching: native on macOS and Windows, emulated by Node (≥ 20) on Linux.
      this.watcher = watch(root, { recursive: true }, onChange)
    } catch {
      // Older Node on Linux refuses `recursive`: the top level is still watched.
      try {
        this.watcher = watch(root, { recursive: false }, onChange)
      } catch {
        this.watcher = undefined // the folder cannot be watched (gone, no permission): the explorer still works
      }
    }
    // A watcher error (too many watches, the folder removed) stops watching but must not crash the host.
    this.watcher?.on('error', () => this.close())
  }

  /** Grows by one after each batch of changes. */
  get version(): number {
    return this.batches
  }

  close(): void {
    clearTimeout(this.timer)
    this.watcher?.close()
    this.watcher = undefined
  }
}
