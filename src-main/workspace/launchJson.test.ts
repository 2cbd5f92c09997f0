import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAttachConfigurations, stripJsonc } from './launchJson'

function folderWith(launchJson: string): string {
  const root = mkdtempSync(join(tmpdir(), 'bugscope-launchjson-'))
  mkdirSync(join(root, '.vscode'))
  writeFileSync(join(root, '.vscode', 'launch.json'), launchJson)
  return root
}

describe('launch.json attach configurations', () => {
  it('reads comments and trailing commas the way VS Code writes them, keeping // inside strings', () => {
    expect(JSON.parse(stripJsonc('{"a": "http://x", // note\n /* block */ "b": [1, 2,],}'))).toEqual({ a: 'http://x', b: [1, 2] })
  })

  it("offers VS Code's attach configurations with connect and pathMappings, workspace variables resolved", async () => {
    const root = folderWith(`{
      "version": "0.2.0",
      "configurations": [
        // a remote service
        { "name": "Remote API", "type": "debugpy", "request": "attach",
          "connect": { "host": "10.0.0.5", "port": 5678 },
          "pathMappings": [{ "localRoot": "\${workspaceFolder}/src", "remoteRoot": "/srv/app" }], },
        { "name": "Launch", "type": "python", "request": "launch", "program": "main.py" },
        { "name": "Node", "type": "node", "request": "attach", "port": 9229 },
        { "name": "Pinned", "type": "bugscope", "request": "attach", "port": 7000, "tlsFingerprint": "AB:CD" },
      ]
    }`)
    expect(await readAttachConfigurations(root)).toEqual([
      { name: 'Remote API', host: '10.0.0.5', port: 5678, tls: false, tlsFingerprint: undefined, pathMappings: [{ localRoot: join(root, 'src'), remoteRoot: '/srv/app' }] },
      { name: 'Pinned', host: '127.0.0.1', port: 7000, tls: true, tlsFingerprint: 'AB:CD', pathMappings: [] },
    ])
  })

  it('has nothing to offer without a launch.json, and says so when it is broken', async () => {
    expect(await readAttachConfigurations(mkdtempSync(join(tmpdir(), 'bugscope-nolaunch-')))).toEqual([])
    await expect(readAttachConfigurations(folderWith('{ "configurations": [ }'))).rejects.toThrow(/launch.json is not valid JSON/)
  })
})
