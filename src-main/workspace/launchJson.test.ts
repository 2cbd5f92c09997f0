import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEnvFile } from './envFile'
import { JsoncError, parseJsonc } from './jsonc'
import { readAttachConfigurations, readRunConfigurations, splitArguments } from './launchJson'

function folderWith(launchJson: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'bugscope-launchjson-'))
  mkdirSync(join(root, '.vscode'))
  writeFileSync(join(root, '.vscode', 'launch.json'), launchJson)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text)
  return root
}

const context = { env: { HOME_DB: 'sqlite:///x.db', TOKEN_VAR: 'from-env' }, home: '/home/ada', cwd: '/started/here' }

describe('JSONC as VS Code writes launch.json', () => {
  it('reads comments and trailing commas, keeping // and /* inside strings', () => {
    expect(parseJsonc('{"a": "http://x/*y*/", // note\n /* block */ "b": [1, 2,],}')).toEqual({ a: 'http://x/*y*/', b: [1, 2] })
  })

  it('names the line and column of a syntax error', () => {
    const text = '{\n  "configurations": [\n    { "name": "a" "type": "python" }\n  ]\n}'
    expect(() => parseJsonc(text)).toThrow(JsoncError)
    try {
      parseJsonc(text)
    } catch (e) {
      expect(e).toMatchObject({ line: 3, column: 19 })
      expect((e as Error).message).toBe(`line 3, column 19: expected ',' or '}' after the value of "name", found '"'`)
    }
    expect(() => parseJsonc('{ "a": [1, 2 }')).toThrow("line 1, column 14: expected ',' or ']' after an array item, found '}'")
    expect(() => parseJsonc('{ "a": 1 } x')).toThrow('line 1, column 12: unexpected')
    expect(() => parseJsonc('/* never closed')).toThrow('line 1, column 1: a /* comment is never closed')
  })

  it('keeps a "__proto__" key as data', () => {
    const value = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(value)).toEqual(['__proto__'])
  })
})

describe('launch.json run configurations', () => {
  it("turns VS Code's launch attributes into launch arguments, host variables substituted", async () => {
    const root = folderWith(`{
      "version": "0.2.0",
      "configurations": [
        // the web app
        {
          "name": "App", "type": "debugpy", "request": "launch",
          "program": "\${workspaceFolder}/app.py",
          "args": ["--db", "\${env:HOME_DB}", "--home", "\${userHome}", "--from", "\${cwd}", "--name", "\${workspaceFolderBasename}",],
          "cwd": "src", "env": { "DEBUG": "1", "PORT": 8000, "GONE": null },
          "python": "\${workspaceFolder}/.venv/bin/python", "console": "internalConsole",
          "justMyCode": false, "stopOnEntry": true,
        },
        { "name": "Module", "type": "python", "request": "launch", "module": "pkg.cli", "args": "serve --port 80 'two words'" },
        { "name": "Node thing", "type": "node", "request": "launch", "program": "x.js" },
      ],
    }`)
    const read = await readRunConfigurations(root, context)
    expect(read).toMatchObject({ file: join(root, '.vscode', 'launch.json'), exists: true })
    expect(read.error).toBeUndefined()
    expect(read.configurations).toEqual([
      {
        name: 'App',
        request: 'launch',
        line: 5,
        problems: [],
        launch: {
          program: join(root, 'app.py'),
          args: ['--db', 'sqlite:///x.db', '--home', '/home/ada', '--from', '/started/here', '--name', root.split('/').pop()],
          cwd: join(root, 'src'),
          env: { DEBUG: '1', PORT: '8000', GONE: null },
          python: join(root, '.venv/bin/python'),
          console: 'internalConsole',
          justMyCode: false,
          stopOnEntry: true,
        },
      },
      // cwd defaults to the workspace folder, as in VS Code's Python debugger.
      { name: 'Module', request: 'launch', line: 13, problems: [], launch: { module: 'pkg.cli', args: ['serve', '--port', '80', 'two words'], cwd: root } },
    ])
  })

  it("leaves the active editor's variables to the workbench and reports unknown ones by name", async () => {
    const root = folderWith(`{ "configurations": [
      { "name": "Current", "type": "debugpy", "request": "launch", "program": "\${file}", "cwd": "\${fileDirname}",
        "args": ["\${fileBasenameNoExtension}", "\${command:pickArgs}", "\${input:port}"] }
    ] }`)
    const [c] = (await readRunConfigurations(root, context)).configurations
    expect(c.launch).toMatchObject({ program: '${file}', cwd: '${fileDirname}', args: ['${fileBasenameNoExtension}', '${command:pickArgs}', '${input:port}'] })
    expect(c.problems).toEqual([
      'It uses ${command:pickArgs}, which Bugscope cannot fill in: replace it with a value.',
      'It uses ${input:port}, which Bugscope cannot fill in: replace it with a value.',
    ])
  })

  it('reads envFile into env, env winning over it; a missing envFile is a warning, not a refusal', async () => {
    const root = folderWith(
      `{ "configurations": [
        { "name": "With env", "type": "debugpy", "request": "launch", "program": "a.py", "envFile": "\${workspaceFolder}/.env.dev", "env": { "B": "from-launch" } },
        { "name": "Missing env", "type": "debugpy", "request": "launch", "program": "a.py", "envFile": ".env.none", "preLaunchTask": "build" },
      ] }`,
      { '.env.dev': '# settings\nexport A=1\nB=from-file\nC="two\\nlines" # note\nD=\'${A} literal\'\nE=${TOKEN_VAR}-${A}\nnot a line\n' },
    )
    const [withEnv, missing] = (await readRunConfigurations(root, context)).configurations
    expect(withEnv.launch?.env).toEqual({ A: '1', B: 'from-launch', C: 'two\nlines', D: '${A} literal', E: 'from-env-1' })
    expect(withEnv.warnings).toBeUndefined()
    expect(missing.problems).toEqual([])
    expect(missing.warnings).toEqual([
      `The envFile ${join(root, '.env.none')} was not read (it does not exist); starting without it.`,
      '"preLaunchTask" is ignored: Bugscope has no tasks; run it yourself before starting.',
    ])
  })

  it('says what is wrong with an entry that cannot start', async () => {
    const root = folderWith(`{ "configurations": [
      { "type": "python", "request": "launch", "args": 3 },
      { "name": "Pid", "type": "debugpy", "request": "attach", "processId": "\${command:pickProcess}" },
    ] }`)
    const [noProgram, pid] = (await readRunConfigurations(root, context)).configurations
    expect(noProgram.name).toBe('Configuration at line 2')
    expect(noProgram.problems).toEqual(['It needs "program" (a script to run) or "module" (to run as python -m).', '"args" must be an array of strings.'])
    expect(pid.problems[0]).toMatch(/^Attaching by process id is not supported/)
  })

  it('reports bad JSON with its line and column, and a missing file as no configurations', async () => {
    const broken = await readRunConfigurations(folderWith('{\n  "configurations": [\n    { "name": "x",, }\n  ]\n}'))
    expect(broken.configurations).toEqual([])
    expect(broken.error).toEqual({ message: "is not valid JSON: line 3, column 19: expected a property name in double quotes or '}', found ','", line: 3, column: 19 })
    const wrongShape = await readRunConfigurations(folderWith('{ "configurations": {} }'))
    expect(wrongShape.error).toMatchObject({ message: 'line 1, column 21: "configurations" must be an array of configurations' })
    const none = mkdtempSync(join(tmpdir(), 'bugscope-nolaunch-'))
    expect(await readRunConfigurations(none)).toEqual({ file: join(none, '.vscode', 'launch.json'), exists: false, configurations: [] })
  })

  it('splits a one-string args the way a shell splits words', () => {
    expect(splitArguments(` a "b c"  'd "e"' --x="y z" f\\ g`)).toEqual(['a', 'b c', 'd "e"', '--x=y z', 'f g'])
  })

  it('reads env files the way python-dotenv does', () => {
    expect(parseEnvFile('A=1\r\nexport B = two words \nC="q\\"uote"\nD=${A}${MISSING}x', {})).toEqual({ A: '1', B: 'two words', C: 'q"uote', D: '1x' })
  })
})

describe('launch.json attach configurations', () => {
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
        { "name": "Pinned", "type": "bugscope", "request": "attach", "port": 7000, "tlsFingerprint": "AB:CD", "token": "\${env:TOKEN_VAR}" },
      ]
    }`)
    expect(await readAttachConfigurations(root, context)).toEqual([
      { name: 'Remote API', host: '10.0.0.5', port: 5678, tls: false, pathMappings: [{ localRoot: join(root, 'src'), remoteRoot: '/srv/app' }] },
      { name: 'Pinned', host: '127.0.0.1', port: 7000, tls: true, tlsFingerprint: 'AB:CD', pathMappings: [] },
    ])
    const pinned = (await readRunConfigurations(root, context)).configurations.find((c) => c.name === 'Pinned')
    expect(pinned?.attach?.token).toBe('from-env')
  })

  it('has nothing to offer without a launch.json, and says so when it is broken', async () => {
    expect(await readAttachConfigurations(mkdtempSync(join(tmpdir(), 'bugscope-nolaunch-')))).toEqual([])
    await expect(readAttachConfigurations(folderWith('{ "configurations": [ }'))).rejects.toThrow(/launch.json is not valid JSON: line 1, column 23/)
  })
})
