import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LaunchJsonEntry } from '../../src-preload/contract'
import { parseJsonc } from './jsonc'
import { readRunConfigurations } from './launchJson'
import { addLaunchConfiguration, withConfiguration } from './launchJsonEdit'

const entry: LaunchJsonEntry = { name: 'Tests', type: 'debugpy', request: 'launch', module: 'pytest', args: ['-x'] }

describe('adding a configuration to launch.json', () => {
  it('appends after the last entry, keeping comments, trailing commas and the file’s indentation', () => {
    const before = `{
  // Use IntelliSense to learn about possible attributes.
  "version": "0.2.0",
  "configurations": [
    {
      "name": "App", /* the main one */
      "type": "debugpy",
      "request": "launch",
      "program": "app.py",
    }, // keep me
  ],
}
`
    const { text, name } = withConfiguration(before, entry)
    expect(name).toBe('Tests')
    expect(text).toBe(`{
  // Use IntelliSense to learn about possible attributes.
  "version": "0.2.0",
  "configurations": [
    {
      "name": "App", /* the main one */
      "type": "debugpy",
      "request": "launch",
      "program": "app.py",
    }, // keep me
    {
      "name": "Tests",
      "type": "debugpy",
      "request": "launch",
      "module": "pytest",
      "args": [
        "-x"
      ]
    }
  ],
}
`)
  })

  it('adds the comma the last entry lacks, and makes the name unique', () => {
    const before = '{\n    "configurations": [\n        { "name": "Tests", "type": "python", "request": "launch", "program": "a.py" } // last\n    ]\n}'
    const { text, name } = withConfiguration(before, entry)
    expect(name).toBe('Tests (2)')
    expect(text).toContain('"program": "a.py" }, // last\n        {\n            "name": "Tests (2)",')
    expect((parseJsonc(text) as { configurations: { name: string }[] }).configurations.map((c) => c.name)).toEqual(['Tests', 'Tests (2)'])
  })

  it('fills an empty array, adds "configurations" when missing, and keeps CRLF line ends', () => {
    const empty = withConfiguration('{ "version": "0.2.0", "configurations": [] }', entry).text
    expect(parseJsonc(empty)).toEqual({ version: '0.2.0', configurations: [entry] })
    const none = withConfiguration('{\r\n    "version": "0.2.0" // v\r\n}\r\n', entry).text
    expect(none.startsWith('{\r\n    "version": "0.2.0", // v\r\n    "configurations": [\r\n        {\r\n')).toBe(true)
    expect(none).not.toMatch(/[^\r]\n/)
    expect(parseJsonc(none)).toEqual({ version: '0.2.0', configurations: [entry] })
  })

  it('creates .vscode/launch.json when the folder has none, and refuses to touch a broken one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugscope-addconfig-'))
    expect(await addLaunchConfiguration(root, entry)).toBe('Tests')
    expect(JSON.parse(readFileSync(join(root, '.vscode', 'launch.json'), 'utf8'))).toEqual({ version: '0.2.0', configurations: [entry] })
    expect((await readRunConfigurations(root)).configurations.map((c) => [c.name, c.launch?.module])).toEqual([['Tests', 'pytest']])

    const broken = mkdtempSync(join(tmpdir(), 'bugscope-addconfig-'))
    mkdirSync(join(broken, '.vscode'))
    writeFileSync(join(broken, '.vscode', 'launch.json'), '{ "configurations": [ { "name": "x" ] }')
    await expect(addLaunchConfiguration(broken, entry)).rejects.toThrow(`Fix .vscode/launch.json first, then add the configuration: line 1, column 37: expected ',' or '}' after the value of "name", found ']'`)
    expect(readFileSync(join(broken, '.vscode', 'launch.json'), 'utf8')).toBe('{ "configurations": [ { "name": "x" ] }')
    await expect(addLaunchConfiguration(root, { name: '', type: 'debugpy', request: 'launch' })).rejects.toThrow(/needs a "name"/)
  })
})
