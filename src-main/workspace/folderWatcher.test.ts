import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FolderWatcher, isIgnoredChange, type WatchFunction } from './folderWatcher'

/** A watch function whose events the test fires. */
function fakeWatch() {
  const calls: { root: string; recursive: boolean }[] = []
  let listener: ((event: string, filename: string | null) => void) | undefined
  let closed = false
  const watch: WatchFunction = (root, options, l) => {
    calls.push({ root, recursive: options.recursive })
    listener = l
    return { close: () => void (closed = true), on: () => undefined } as never
  }
  return { watch, calls, fire: (name: string | null) => listener!('rename', name), closed: () => closed }
}

describe('isIgnoredChange', () => {
  it('ignores changes under .git, __pycache__ and node_modules, and .pyc files', () => {
    expect(isIgnoredChange('.git/index')).toBe(true)
    expect(isIgnoredChange('pkg/__pycache__/mod.cpython-312.pyc')).toBe(true)
    expect(isIgnoredChange('web/node_modules/react/index.js')).toBe(true)
    expect(isIgnoredChange('pkg\\__pycache__\\x')).toBe(true)
    expect(isIgnoredChange('old.pyc')).toBe(true)
  })
  it('keeps changes to the project’s own files and folders', () => {
    expect(isIgnoredChange('main.py')).toBe(false)
    expect(isIgnoredChange('pkg/new_module.py')).toBe(false)
    expect(isIgnoredChange('.vscode/launch.json')).toBe(false)
    expect(isIgnoredChange('gitignore_notes.txt')).toBe(false)
  })
})

describe('FolderWatcher', () => {
  afterEach(() => vi.useRealTimers())

  it('watches the folder recursively and counts a burst of changes as one batch after the quiet period', () => {
    vi.useFakeTimers()
    const fake = fakeWatch()
    const watcher = new FolderWatcher('/project', { debounceMs: 100, watch: fake.watch })
    expect(fake.calls).toEqual([{ root: '/project', recursive: true }])
    fake.fire('a.py')
    vi.advanceTimersByTime(60)
    fake.fire('b.py')
    vi.advanceTimersByTime(60)
    expect(watcher.version).toBe(0)
    vi.advanceTimersByTime(50)
    expect(watcher.version).toBe(1)
    fake.fire('c.py')
    vi.advanceTimersByTime(100)
    expect(watcher.version).toBe(2)
  })

  it('does not count changes the explorer does not show', () => {
    vi.useFakeTimers()
    const fake = fakeWatch()
    const watcher = new FolderWatcher('/project', { debounceMs: 100, watch: fake.watch })
    fake.fire('.git/index.lock')
    fake.fire('__pycache__/a.cpython-312.pyc')
    vi.advanceTimersByTime(500)
    expect(watcher.version).toBe(0)
    fake.fire(null) // no name given: it may be anything
    vi.advanceTimersByTime(100)
    expect(watcher.version).toBe(1)
  })

  it('falls back to the top level where recursive watching is refused, and stops counting once closed', () => {
    vi.useFakeTimers()
    const fake = fakeWatch()
    const watch: WatchFunction = (root, options, l) => {
      if (options.recursive) throw new Error('ERR_FEATURE_UNAVAILABLE_ON_PLATFORM')
      return fake.watch(root, options, l)
    }
    const watcher = new FolderWatcher('/project', { debounceMs: 100, watch })
    expect(fake.calls).toEqual([{ root: '/project', recursive: false }])
    fake.fire('a.py')
    watcher.close()
    vi.advanceTimersByTime(500)
    expect(watcher.version).toBe(0)
    expect(fake.closed()).toBe(true)
  })

  it('sees a file created in a real folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugscope-watch-'))
    const watcher = new FolderWatcher(dir, { debounceMs: 20 })
    try {
      writeFileSync(join(dir, 'new.py'), 'x = 1\n')
      await vi.waitFor(() => expect(watcher.version).toBeGreaterThan(0), { timeout: 3000 })
    } finally {
      watcher.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
