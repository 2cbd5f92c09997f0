import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listDir, readTextFile, requireDirectory } from './files'
import { RECENT_LIMIT, StateStore } from './store'

const temp = () => mkdtempSync(join(tmpdir(), 'bugscope-ws-'))

describe('workspace files', () => {
  it('lists directories first, then files, leaving out caches and VCS folders', async () => {
    const dir = temp()
    mkdirSync(join(dir, 'pkg'))
    mkdirSync(join(dir, '__pycache__'))
    mkdirSync(join(dir, '.git'))
    writeFileSync(join(dir, 'b.py'), '')
    writeFileSync(join(dir, 'a.py'), '')
    writeFileSync(join(dir, 'x.pyc'), '')
    expect((await listDir(dir)).map((e) => `${e.kind}:${e.name}`)).toEqual(['dir:pkg', 'file:a.py', 'file:b.py'])
  })

  it('reads text and refuses binaries, missing files and relative paths with a clear message', async () => {
    const dir = temp()
    writeFileSync(join(dir, 'a.py'), 'print("hé")\n')
    writeFileSync(join(dir, 'bin'), Buffer.from([1, 0, 2]))
    expect(await readTextFile(join(dir, 'a.py'))).toBe('print("hé")\n')
    await expect(readTextFile(join(dir, 'bin'))).rejects.toThrow(/binary file/)
    await expect(readTextFile(join(dir, 'nope.py'))).rejects.toThrow(/no such file/)
    await expect(readTextFile('a.py')).rejects.toThrow(/Expected an absolute path/)
  })

  it('requires an existing folder to open', async () => {
    await expect(requireDirectory('/no/such/folder')).rejects.toThrow('Folder not found: /no/such/folder')
  })
})

describe('StateStore', () => {
  it('keeps recent folders across instances, most recent first, without duplicates', () => {
    const dir = temp()
    const a = new StateStore(dir)
    a.addRecent('/p/one')
    a.addRecent('/p/two')
    a.addRecent('/p/one')
    const b = new StateStore(dir)
    expect(b.recent).toEqual(['/p/one', '/p/two'])
  })

  it('keeps each folder\'s debug state across instances and refuses states that are not objects or too big', () => {
    const dir = temp()
    const a = new StateStore(dir)
    expect(a.folderState('/p/one')).toBeNull()
    a.setFolderState('/p/one', { version: 1, watches: ['x'] })
    expect(new StateStore(dir).folderState('/p/one')).toEqual({ version: 1, watches: ['x'] })
    expect(() => a.setFolderState('/p/one', ['not', 'an', 'object'])).toThrow(/JSON object/)
    expect(() => a.setFolderState('/p/one', { big: 'x'.repeat(1024 * 1024 + 1) })).toThrow(/1 MiB/)
    expect(new StateStore(dir).folderState('/p/one')).toEqual({ version: 1, watches: ['x'] })
  })

  it('caps the recent list', () => {
    const s = new StateStore(temp())
    for (let i = 0; i < RECENT_LIMIT + 5; i++) s.addRecent(`/p/${i}`)
    expect(s.recent).toHaveLength(RECENT_LIMIT)
    expect(s.recent[0]).toBe(`/p/${RECENT_LIMIT + 4}`)
  })

  it('starts fresh from a corrupt state file', () => {
    const dir = temp()
    writeFileSync(join(dir, 'state.json'), '{not json')
    expect(new StateStore(dir).recent).toEqual([])
    expect(new StateStore(dir).legacySettings).toBeUndefined()
  })
})
