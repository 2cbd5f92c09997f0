// One settings file the user may edit by hand (the user's settings.json, a project's .bugscope/settings.json):
// JSON with comments and trailing commas, read again whenever it changed on disk. A file that cannot be used (bad
// JSON, a value of the wrong type) is never written over: the last good values stay in force and the problem is
// reported with the file's name, line and column. Changes from the UI are edits of the text, so the user's
// comments, order and formatting survive them.
import { readFileSync, statSync } from 'node:fs'
import { writeAtomically } from './files'
import type { SettingsFileInfo, SettingsProblem } from '../../src-preload/contract'
import { JsoncError, parseJsoncTree, positionOf, valueOf, type JsoncNode } from './jsonc'

/** A key's check: undefined when the value is good, else what it must be ("true or false"). */
export type SettingCheck = (value: unknown) => string | undefined

/** The keys a file may hold, in the order a new file lists them. */
export type SettingsSchema = Readonly<Record<string, SettingCheck>>

export const isBoolean: SettingCheck = (v) => (typeof v === 'boolean' ? undefined : 'true or false')
export const isString: SettingCheck = (v) => (typeof v === 'string' ? undefined : 'a string in double quotes')
export const oneOf =
  (...choices: string[]): SettingCheck =>
  (v) =>
    typeof v === 'string' && choices.includes(v) ? undefined : choices.map((c) => `"${c}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')

/** What a change writes: a value, or null to remove the key. */
export type SettingsPatch = Readonly<Record<string, unknown>>

export interface Snapshot {
  /** What identifies the version of the file read: stat fields, or 'missing'. */
  stamp: string
  exists: boolean
  text: string | null
  problems: SettingsProblem[]
  broken: boolean
}

export class SettingsFile {
  /** The last good values (from the file, or {} before it was ever good). */
  private good: Record<string, unknown> = {}
  private snapshot: Snapshot | undefined

  constructor(
    readonly path: string,
    /** How messages name the file: "settings.json", ".bugscope/settings.json". */
    readonly label: string,
    private readonly schema: SettingsSchema,
  ) {}

  /** The values in force, read again when the file changed since the last call (a stat per call). */
  values(): Record<string, unknown> {
    this.refresh()
    return { ...this.good }
  }

  info(): SettingsFileInfo {
    const s = this.refresh()
    return { path: this.path, exists: s.exists, broken: s.broken, problems: s.problems.map((p) => ({ ...p })) }
  }

  /**
   * Changes keys (null removes one) by editing the file's text; a missing file is created with `initial` and the
   * patch. Refuses while the file is broken: the user's half-edited text is never written over.
   */
  update(patch: SettingsPatch, initial: Record<string, unknown> = {}): Record<string, unknown> {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined) continue
      const check = this.schema[key]
      if (!check) throw new Error(`${this.label}: there is no setting "${key}".`)
      const wrong = check(value)
      if (wrong) throw new Error(`${this.label}: "${key}" must be ${wrong}.`)
    }
    const s = this.assertWritable()
    const changes = Object.entries(patch).filter(([, v]) => v !== undefined)
    const next =
      s.text === null || !s.text.trim()
        ? formatSettings({ ...initial, ...Object.fromEntries(changes) }, this.schema)
        : changes.reduce((text, [key, value]) => setTopLevel(text, key, value), s.text)
    if (next !== s.text) writeAtomically(this.path, next)
    this.snapshot = undefined
    return this.values()
  }

  /** Throws, saying what is wrong, while the file is broken: a change would write over the user's text. */
  assertWritable(): Snapshot {
    const s = this.refresh()
    if (!s.broken) return s
    const problem = s.problems.find((p) => p.broken)?.message ?? `${this.label} cannot be read`
    throw new Error(`The change was not saved: ${problem.replace(/\.?$/, '.')} Fix ${this.label} first (it is kept as you wrote it; the last good settings stay in force), then try again.`)
  }

  /** Creates the file with `initial` when it does not exist (to open it in the editor). */
  create(initial: Record<string, unknown>): void {
    if (this.refresh().exists) return
    writeAtomically(this.path, formatSettings(initial, this.schema))
    this.snapshot = undefined
  }

  private refresh(): Snapshot {
    const stamp = stampOf(this.path)
    if (this.snapshot?.stamp === stamp) return this.snapshot
    let text: string | null = null
    if (stamp !== 'missing') {
      try {
        text = readFileSync(this.path, 'utf8')
      } catch (error) {
        // Unreadable (permissions): keep the last good values; stamp again next time.
        const problem = { file: this.path, broken: true, message: `${this.label} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.` }
        return (this.snapshot = { stamp, exists: true, text: null, problems: [problem], broken: true })
      }
    }
    const read = text === null || !text.trim() ? { values: {}, problems: [] } : this.check(text)
    const broken = read.problems.some((p) => p.broken)
    if (!broken) this.good = read.values
    this.snapshot = { stamp, exists: text !== null, text, problems: read.problems, broken }
    return this.snapshot
  }

  private check(text: string): { values: Record<string, unknown>; problems: SettingsProblem[] } {
    const problem = (at: number, message: string, broken: boolean): SettingsProblem => {
      const { line, column } = positionOf(text, at)
      return { file: this.path, line, column, broken, message: `${this.label} line ${line}, column ${column}: ${message}` }
    }
    let tree: JsoncNode
    try {
      tree = parseJsoncTree(text)
    } catch (error) {
      if (!(error instanceof JsoncError)) throw error
      return { values: {}, problems: [{ file: this.path, line: error.line, column: error.column, broken: true, message: `${this.label} line ${error.line}, column ${error.column}: ${error.reason}` }] }
    }
    if (tree.kind !== 'object') return { values: {}, problems: [problem(tree.start, 'the settings must be an object: { "key": value, … }', true)] }
    const values: Record<string, unknown> = {}
    const problems: SettingsProblem[] = []
    const known = Object.keys(this.schema)
    for (const property of tree.properties) {
      const check = Object.prototype.hasOwnProperty.call(this.schema, property.key) ? this.schema[property.key] : undefined
      if (!check) {
        // Not fatal: a newer Bugscope's key, or a typo the user should hear about; the key stays in the file.
        problems.push(problem(property.keyStart, `"${property.key}" is not a setting here and is ignored (the settings are ${known.map((k) => `"${k}"`).join(', ')}).`, false))
        continue
      }
      const value = valueOf(property.value)
      const wrong = check(value)
      if (wrong) problems.push(problem(property.value.start, `"${property.key}" must be ${wrong}, not ${JSON.stringify(value)}.`, true))
      else values[property.key] = value
    }
    return { values, problems }
  }
}

function stampOf(path: string): string {
  try {
    const s = statSync(path)
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`
  } catch {
    return 'missing'
  }
}

/** A new file's text: the schema's keys in its order, then any others; 2-space indent. */
export function formatSettings(values: Record<string, unknown>, schema: SettingsSchema): string {
  const keys = Object.keys(values).filter((k) => values[k] !== undefined && values[k] !== null)
  const order = Object.keys(schema)
  keys.sort((a, b) => (order.includes(a) ? order.indexOf(a) : order.length) - (order.includes(b) ? order.indexOf(b) : order.length))
  return `${JSON.stringify(Object.fromEntries(keys.map((k) => [k, values[k]])), null, 2)}\n`
}

/**
 * The text with the top-level `key` set to `value` (null removes it): the value replaced where it is, or a new line
 * appended before the closing brace; everything else (comments, order, other keys) as it was. Throws JsoncError.
 */
export function setTopLevel(text: string, key: string, value: unknown): string {
  const tree = parseJsoncTree(text)
  if (tree.kind !== 'object') throw new Error('the settings must be an object')
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const matches = tree.properties.filter((p) => p.key === key)
  if (value === null) {
    // Each occurrence, last first so offsets stay valid.
    for (const property of [...matches].reverse()) text = removeProperty(text, parseJsoncTree(text) as JsoncNode & { kind: 'object' }, tree.properties.indexOf(property))
    return text
  }
  const json = JSON.stringify(value)
  if (matches.length) {
    // The last occurrence is the one JSON readers use.
    const v = matches[matches.length - 1].value
    return text.slice(0, v.start) + json + text.slice(v.end)
  }
  const entry = `${JSON.stringify(key)}: ${json}`
  const last = tree.properties.at(-1)
  const closing = tree.end - 1
  const indent = last ? (/^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', last.keyStart - 1) + 1))![0] || '  ') : '  '
  if (!last) return `${text.slice(0, tree.start + 1)}${eol}${indent}${entry}${eol}${text.slice(closing)}`
  const between = text.slice(last.value.end, closing)
  const comma = stripComments(between).indexOf(',')
  // After the last value (or its trailing comma), before any comment that follows it on its line.
  const at = comma >= 0 ? last.value.end + comma + 1 : last.value.end
  return `${text.slice(0, at)}${comma >= 0 ? '' : ','}${eol}${indent}${entry}${text.slice(at)}`
}

/** Comments blanked out with spaces, so offsets in the result are offsets in the text. */
function stripComments(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (c) => ' '.repeat(c.length))
}

function removeProperty(text: string, tree: JsoncNode & { kind: 'object' }, index: number): string {
  const property = tree.properties[index]
  let start = property.keyStart
  let end = property.value.end
  const after = stripComments(text.slice(end, tree.end - 1))
  const comma = /^\s*,/.exec(after)
  if (comma) end += comma[0].length
  else if (index > 0) {
    // The last property: the comma before it goes instead.
    const before = stripComments(text.slice(tree.properties[index - 1].value.end, start))
    const at = before.indexOf(',')
    if (at >= 0) start = tree.properties[index - 1].value.end + at
  }
  // Its whole line, when it was alone on it.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const lineEnd = text.indexOf('\n', end)
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t,]*\r?$/.test(text.slice(end, lineEnd < 0 ? text.length : lineEnd)) && text[start] !== ',') {
    return text.slice(0, lineStart) + text.slice(lineEnd < 0 ? text.length : lineEnd + 1)
  }
  return text.slice(0, start) + text.slice(end)
}
