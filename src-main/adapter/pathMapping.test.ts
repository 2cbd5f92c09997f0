import { describe, expect, it } from 'vitest'
import { mapSourcePaths, PathMapper, suggestPathMappings } from './pathMapping'

describe('PathMapper', () => {
  const mapper = new PathMapper([
    { localRoot: '/home/me/proj', remoteRoot: '/srv/app' },
    { localRoot: '/home/me/proj/vendor/lib', remoteRoot: '/opt/lib/' },
  ])

  it('maps a local file under a root to the remote side and back', () => {
    expect(mapper.toRemote('/home/me/proj/pkg/main.py')).toBe('/srv/app/pkg/main.py')
    expect(mapper.toLocal('/srv/app/pkg/main.py')).toBe('/home/me/proj/pkg/main.py')
  })

  it('prefers the longest matching root', () => {
    expect(mapper.toRemote('/home/me/proj/vendor/lib/x.py')).toBe('/opt/lib/x.py')
    expect(mapper.toLocal('/opt/lib/x.py')).toBe('/home/me/proj/vendor/lib/x.py')
  })

  it('leaves paths outside every root alone, and does not match a root by prefix of a name', () => {
    expect(mapper.toRemote('/home/me/project2/a.py')).toBe('/home/me/project2/a.py')
    expect(mapper.toLocal('/usr/lib/python3.12/json/__init__.py')).toBe('/usr/lib/python3.12/json/__init__.py')
  })

  it('maps to a Windows debuggee with its separators, case-insensitively on the way back', () => {
    const win = new PathMapper([{ localRoot: '/home/me/proj', remoteRoot: 'C:\\work\\app' }])
    expect(win.toRemote('/home/me/proj/pkg/main.py')).toBe('C:\\work\\app\\pkg\\main.py')
    expect(win.toLocal('c:\\Work\\App\\pkg\\main.py')).toBe('/home/me/proj/pkg/main.py')
  })
})

describe('suggestPathMappings', () => {
  it('derives the remote root from loaded files that exist in the open folder', () => {
    const remote = ['/srv/app/main.py', '/srv/app/pkg/util.py', '/usr/lib/python3.12/json/__init__.py']
    const suggestions = suggestPathMappings(remote, '/home/me/proj', ['main.py', 'pkg/util.py', 'README.md'])
    expect(suggestions).toEqual([{ localRoot: '/home/me/proj', remoteRoot: '/srv/app' }])
  })

  it('suggests nothing when the paths are the same on both sides', () => {
    expect(suggestPathMappings(['/home/me/proj/main.py'], '/home/me/proj', ['main.py'])).toEqual([])
  })

  it('ranks the mapping most files agree on first', () => {
    const remote = ['/a/x.py', '/srv/app/main.py', '/srv/app/pkg/util.py']
    const suggestions = suggestPathMappings(remote, '/p', ['x.py', 'main.py', 'pkg/util.py'])
    expect(suggestions[0]).toEqual({ localRoot: '/p', remoteRoot: '/srv/app' })
    expect(suggestions).toHaveLength(2)
  })
})

describe('mapSourcePaths', () => {
  it('maps the path of every Source in a body, nested or in a list, and nothing else', () => {
    const body = {
      stackFrames: [{ id: 1, name: 'f', source: { name: 'a.py', path: '/srv/a.py' }, line: 3 }],
      sources: [{ path: '/srv/b.py' }],
      path: '/srv/untouched',
    }
    expect(mapSourcePaths(body, (p) => p.replace('/srv', '/local'))).toEqual({
      stackFrames: [{ id: 1, name: 'f', source: { name: 'a.py', path: '/local/a.py' }, line: 3 }],
      sources: [{ path: '/local/b.py' }],
      path: '/srv/untouched',
    })
  })
})
