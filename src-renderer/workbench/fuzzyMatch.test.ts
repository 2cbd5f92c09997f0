import { describe, expect, it } from 'vitest'
import { filterPaths, fuzzyMatch } from './fuzzyMatch'

describe('fuzzyMatch', () => {
  it('matches the query’s characters in order, ignoring case and spaces', () => {
    expect(fuzzyMatch('wbm', 'workbench/WorkbenchModel.ts')).not.toBeNull()
    expect(fuzzyMatch('W B M', 'workbench/workbenchModel.ts')).not.toBeNull()
    expect(fuzzyMatch('mbw', 'workbench/workbenchModel.ts')).toBeNull()
    expect(fuzzyMatch('xyz', 'main.py')).toBeNull()
  })

  it('gives the positions of the matched characters, preferring a run in the file name', () => {
    expect(fuzzyMatch('main', 'domain/main.py')!.positions).toEqual([7, 8, 9, 10])
    expect(fuzzyMatch('', 'a.py')).toEqual({ path: 'a.py', score: 0, positions: [] })
  })
})

describe('filterPaths', () => {
  const files = ['domain/other.py', 'src/main.py', 'main.py', 'tests/test_maintenance.py', 'README.md']

  it('ranks adjacent characters, word starts and file names first, and shorter paths among equals', () => {
    expect(filterPaths('main', files).map((m) => m.path)).toEqual(['main.py', 'src/main.py', 'tests/test_maintenance.py', 'domain/other.py'])
  })

  it('finds a file from the starts of its words', () => {
    expect(filterPaths('tmn', files)[0].path).toBe('tests/test_maintenance.py')
  })

  it('keeps the order of the list for an empty query, and stops at the limit', () => {
    expect(filterPaths('', files, 2).map((m) => m.path)).toEqual(['domain/other.py', 'src/main.py'])
  })
})
