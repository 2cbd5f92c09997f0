// `.vscode/launch.json` in the open folder, read the way VS Code reads it: JSON with comments and trailing commas,
// entries of types python/debugpy/bugscope with VS Code's attributes, and its variables. The host substitutes the
// variables it knows (${workspaceFolder}, ${env:NAME}, ${userHome}, ${cwd}); those of the active editor (${file}…)
// are left for the workbench, and any other is reported by name. Launch entries become the toolbar's run
// configurations, attach entries are offered in the attach dialog too.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, isAbsolute, join, resolve, sep } from 'node:path'
import {
  EDITOR_VARIABLES,
  type AttachConfiguration,
  type LaunchArguments,
  type PathMapping,
  type RunConfiguration,
  type RunConfigurations,
} from '../../src-preload/contract'
import { parseEnvFile } from './envFile'
import { JsoncError, parseJsoncTree, positionOf, valueOf, type JsoncNode } from './jsonc'

/** The debugger types whose entries are Python's: VS Code's old and new names, and ours. */
const PYTHON_TYPES = new Set(['python', 'debugpy', 'bugscope'])

/** VS Code attributes Bugscope reads but cannot honour: starting says they were ignored. */
const IGNORED_ATTRIBUTES: Record<string, string> = {
  preLaunchTask: 'Bugscope has no tasks; run it yourself before starting',
  postDebugTask: 'Bugscope has no tasks',
  pythonArgs: 'interpreter options are not passed on',
  sudo: 'the program runs as you',
  gevent: 'gevent programs are debugged like threaded ones',
  redirectOutput: 'output always reaches the Terminal or the Debug Console',
}

/** Where the values of ${env:NAME}, ${userHome} and ${cwd} come from (tests pass their own). */
export interface LaunchContext {
  env?: Readonly<Record<string, string | undefined>>
  home?: string
  cwd?: string
}

export function launchJsonPath(root: string): string {
  return join(root, '.vscode', 'launch.json')
}

const EDITOR = new Set<string>(EDITOR_VARIABLES)

/** Substitutes the variables the host knows in every string of `value`; collects the unknown ones. */
export function substituteVariables(value: unknown, root: string, context: LaunchContext, unknown: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name === 'workspaceFolder' || name === 'workspaceRoot') return root
      if (name === 'workspaceFolderBasename') return basename(root)
      if (name === 'userHome') return context.home ?? homedir()
      if (name === 'cwd') return context.cwd ?? process.cwd()
      if (name === 'pathSeparator' || name === '/') return sep
      if (name.startsWith('env:')) return (context.env ?? process.env)[name.slice(4)] ?? ''
      if (!EDITOR.has(name)) unknown.add(name)
      return whole
    })
  }
  if (Array.isArray(value)) return value.map((v) => substituteVariables(v, root, context, unknown))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteVariables(v, root, context, unknown)]))
  }
  return value
}

/** VS Code accepts `args` as one string too: split it as a shell would split words (quotes, no expansion). */
export function splitArguments(text: string): string[] {
  const out: string[] = []
  const word = /"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+)/g
  let current: string | null = null
  let last = 0
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3].replace(/\\(.)/g, '$1')
    // Pieces with no space between them are one word: --name="a b"
    current = current !== null && m.index === last ? current + piece : (current !== null && out.push(current), piece)
    last = word.lastIndex
  }
  if (current !== null) out.push(current)
  return out
}

const hasEditorVariable = (s: string) => /\$\{[^}]*\}/.test(s)

async function launchArguments(c: Record<string, unknown>, root: string, context: LaunchContext, problems: string[], warnings: string[]): Promise<LaunchArguments> {
  const args: LaunchArguments = {}
  const stringField = (key: string): string | undefined => {
    const v = c[key]
    if (v === undefined || v === null) return undefined
    if (typeof v === 'string') return v
    problems.push(`"${key}" must be a string.`)
    return undefined
  }
  const boolField = (key: keyof LaunchArguments) => {
    const v = c[key]
    if (v === undefined) return
    if (typeof v === 'boolean') (args as Record<string, unknown>)[key] = v
    else problems.push(`"${key}" must be true or false.`)
  }
  const program = stringField('program')
  const module = stringField('module')
  if (program) args.program = program
  if (module) args.module = module
  if (!program && !module) problems.push('It needs "program" (a script to run) or "module" (to run as python -m).')
  if (Array.isArray(c.args)) args.args = c.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
  else if (typeof c.args === 'string') args.args = splitArguments(c.args)
  else if (c.args !== undefined) problems.push('"args" must be an array of strings.')
  const cwd = stringField('cwd')
  // VS Code's Python debugger starts in the workspace folder unless told otherwise.
  args.cwd = cwd === undefined ? root : hasEditorVariable(cwd) || isAbsolute(cwd) ? cwd : resolve(root, cwd)
  const python = stringField('python')
  if (python) args.python = python
  for (const key of ['justMyCode', 'stopOnEntry', 'subProcess', 'postMortem', 'stepBack'] as const) boolField(key)
  const consoleKind = c.console
  if (consoleKind === 'internalConsole' || consoleKind === 'integratedTerminal' || consoleKind === 'externalTerminal') args.console = consoleKind
  else if (consoleKind !== undefined) problems.push('"console" must be "internalConsole", "integratedTerminal" or "externalTerminal".')
  if (c.suspendPolicy === 'all' || c.suspendPolicy === 'thread') args.suspendPolicy = c.suspendPolicy

  const env: Record<string, string | null> = {}
  const envFile = stringField('envFile')
  if (envFile) {
    if (hasEditorVariable(envFile)) {
      problems.push(`"envFile" cannot use the active editor's variables: ${envFile}.`)
    } else {
      const path = isAbsolute(envFile) ? envFile : resolve(root, envFile)
      try {
        Object.assign(env, parseEnvFile(await readFile(path, 'utf8'), context.env ?? process.env))
      } catch (error) {
        // VS Code starts without a missing env file; say so rather than refuse.
        const code = (error as NodeJS.ErrnoException).code
        warnings.push(`The envFile ${path} was not read (${code === 'ENOENT' ? 'it does not exist' : (error as Error).message}); starting without it.`)
      }
    }
  }
  if (c.env !== undefined) {
    if (c.env && typeof c.env === 'object' && !Array.isArray(c.env)) {
      // `env` wins over envFile, as in VS Code; null removes a variable.
      for (const [k, v] of Object.entries(c.env)) env[k] = v === null ? null : typeof v === 'string' ? v : String(v)
    } else problems.push('"env" must be an object of NAME: "value".')
  }
  if (Object.keys(env).length) args.env = env
  for (const [key, why] of Object.entries(IGNORED_ATTRIBUTES)) if (c[key] !== undefined && c[key] !== false) warnings.push(`"${key}" is ignored: ${why}.`)
  return args
}

function attachTarget(c: Record<string, unknown>, root: string, problems: string[]): RunConfiguration['attach'] {
  const connect = (c.connect && typeof c.connect === 'object' ? c.connect : {}) as { host?: unknown; port?: unknown }
  if (c.processId !== undefined) problems.push('Attaching by process id is not supported: start the program with python -m bugscope --listen HOST:PORT and attach to that.')
  if (c.listen !== undefined) problems.push('"listen" (the debugger waits for the program) is not supported: start the program with python -m bugscope --listen HOST:PORT and attach to that.')
  const port = Number(connect.port ?? c.port)
  const validPort = Number.isInteger(port) && port > 0 && port <= 65535
  if (!validPort && c.processId === undefined && c.listen === undefined) problems.push('It needs "connect": { "host": …, "port": … } with a port from 1 to 65535.')
  const host = connect.host ?? c.host
  const mappings = Array.isArray(c.pathMappings) ? (c.pathMappings as Record<string, unknown>[]) : []
  return {
    host: typeof host === 'string' && host ? host : '127.0.0.1',
    port: validPort ? port : 0,
    tls: c.tls === true || typeof c.tlsFingerprint === 'string',
    ...(typeof c.tlsFingerprint === 'string' ? { tlsFingerprint: c.tlsFingerprint } : {}),
    pathMappings: mappings
      .filter((m) => typeof m?.localRoot === 'string' && typeof m?.remoteRoot === 'string')
      .map((m): PathMapping => ({ localRoot: resolve(root, String(m.localRoot)), remoteRoot: String(m.remoteRoot) })),
    ...(typeof c.token === 'string' && c.token ? { token: c.token } : {}),
    ...(typeof c.justMyCode === 'boolean' ? { justMyCode: c.justMyCode } : {}),
  }
}

/** The `configurations` array of a parsed launch.json, or an error naming where the shape is wrong. */
export function configurationsNode(text: string, tree: JsoncNode): JsoncNode & { kind: 'array' } {
  const at = (node: JsoncNode, reason: string) => {
    const { line, column } = positionOf(text, node.start)
    return new JsoncError(reason, node.start, line, column, false)
  }
  if (tree.kind !== 'object') throw at(tree, 'launch.json must be an object: { "version": "0.2.0", "configurations": [ … ] }')
  const node = tree.properties.find((p) => p.key === 'configurations')?.value
  if (!node) return { kind: 'array', start: tree.end, end: tree.end, items: [] }
  if (node.kind !== 'array') throw at(node, '"configurations" must be an array of configurations')
  return node
}

/** The run configurations of a folder's launch.json; a missing file has none, a broken one gives `error`. */
export async function readRunConfigurations(root: string, context: LaunchContext = {}): Promise<RunConfigurations> {
  const file = launchJsonPath(root)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file, exists: false, configurations: [] }
    return { file, exists: true, configurations: [], error: { message: `cannot be read: ${(error as Error).message}` } }
  }
  let entries: JsoncNode[]
  try {
    entries = configurationsNode(text, parseJsoncTree(text)).items
  } catch (error) {
    if (!(error instanceof JsoncError)) throw error
    const message = error.syntax ? `is not valid JSON: ${error.message}` : error.message
    return { file, exists: true, configurations: [], error: { message, line: error.line, column: error.column } }
  }
  const configurations: RunConfiguration[] = []
  for (const node of entries) {
    if (node.kind !== 'object') continue
    const raw = valueOf(node) as Record<string, unknown>
    if (!PYTHON_TYPES.has(String(raw.type))) continue
    const line = positionOf(text, node.start).line
    const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name : `Configuration at line ${line}`
    const unknown = new Set<string>()
    const c = substituteVariables(raw, root, context, unknown) as Record<string, unknown>
    const problems: string[] = []
    const warnings: string[] = []
    const request = c.request === 'attach' ? 'attach' : 'launch'
    if (c.request !== 'launch' && c.request !== 'attach') problems.push('"request" must be "launch" or "attach".')
    const entry: RunConfiguration = { name, request, line, problems }
    if (request === 'launch') entry.launch = await launchArguments(c, root, context, problems, warnings)
    else entry.attach = attachTarget(c, root, problems)
    for (const v of unknown) problems.push(`It uses \${${v}}, which Bugscope cannot fill in: replace it with a value.`)
    if (warnings.length) entry.warnings = warnings
    configurations.push(entry)
  }
  return { file, exists: true, configurations }
}

/** The attach entries that can be used as they are, for the attach dialog. */
export async function readAttachConfigurations(root: string, context: LaunchContext = {}): Promise<AttachConfiguration[]> {
  const read = await readRunConfigurations(root, context)
  if (read.error) throw new Error(`.vscode/launch.json ${read.error.message}`)
  return read.configurations.flatMap(({ name, attach, problems }) => {
    if (!attach || problems.length) return []
    const { token: _token, justMyCode: _justMyCode, ...target } = attach
    return [{ name, ...target }]
  })
}
