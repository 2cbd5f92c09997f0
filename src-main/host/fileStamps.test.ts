import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHost } from './host'

const temp = (name: string) => mkdtempSync(join(tmpdir(), `bugscope-stamps-${name}-`))

describe('host: fileStamps, how the editor notices files changed on disk', () => {
  it('answers the stamp of a file of the open folder, a new one after it changes, and null once it is deleted', async () => {
    const folder = temp('folder')
    const file = join(folder, 'main.py')
    writeFileSync(file, 'x = 1\n')
    utimesSync(file, new Date(1_000_000), new Date(1_000_000))
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(folder)
    const first = (await host.fileStamps([file]))[file]
    expect(first).toEqual({ mtimeMs: 1_000_000, size: 6 })
    writeFileSync(file, 'x = 22\n') // another editor, a formatter, git checkout
    expect((await host.fileStamps([file]))[file]).not.toEqual(first)
    rmSync(file)
    expect(await host.fileStamps([file])).toEqual({ [file]: null })
    expect(await host.fileStamps([folder])).toEqual({ [folder]: null }) // a folder is not a file
    await host.dispose()
  })

  it("resolves a save with the saved file's stamp, so the editor's own save is not a change on disk", async () => {
    const folder = temp('save')
    const file = join(folder, 'main.py')
    writeFileSync(file, 'x = 1\n')
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(folder)
    const saved = await host.writeFile(file, 'x = 2\n')
    const { mtimeMs, size } = statSync(file)
    expect(saved).toEqual({ mtimeMs, size })
    expect((await host.fileStamps([file]))[file]).toEqual(saved)
    await host.dispose()
  })

  it('leaves out files the renderer may not save: outside the open folder and never opened, or relative', async () => {
    const folder = temp('inside')
    const outside = temp('outside')
    const secret = join(outside, 'secret.txt')
    const opened = join(outside, 'lib.py')
    writeFileSync(secret, 'key')
    writeFileSync(opened, 'a = 1\n')
    const host = createHost({ stateDir: temp('state') })
    await host.openFolder(folder)
    expect(await host.fileStamps([secret, join(folder, '..', 'x'), 'relative.py'])).toEqual({})
    await host.readFile(opened) // opened from a stack frame: watched like the folder's files
    expect(Object.keys(await host.fileStamps([secret, opened]))).toEqual([opened])
    await expect(host.fileStamps('not a list' as unknown as string[])).rejects.toThrow(/list of at most 1,000 paths/)
    await host.dispose()
  })
})

describe('host: unsaved file count', () => {
  it('keeps the count the renderer last told, for the window-closing question; nonsense counts as none', async () => {
    const host = createHost({ stateDir: temp('state') })
    expect(host.unsavedFileCount()).toBe(0)
    await host.setUnsavedFileCount(2)
    expect(host.unsavedFileCount()).toBe(2)
    await host.setUnsavedFileCount('many' as unknown as number)
    expect(host.unsavedFileCount()).toBe(0)
    await host.dispose()
  })
})
