// "Add configuration": a new entry at the end of launch.json's `configurations`, inserted into the text so that
// the user's comments, order and formatting stay as they were. A missing .vscode/launch.json is created.
import { readFile } from 'node:fs/promises'
import type { LaunchJsonEntry } from '../../src-preload/contract'
import { JsoncError, parseJsoncTree, valueOf, type JsoncNode } from './jsonc'
import { writeAtomically } from './files'
import { configurationsNode, launchJsonPath } from './launchJson'

/** The indentation of the line holding `offset`, and whether only whitespace precedes `offset` on it. */
function lineAt(text: string, offset: number): { indent: string; alone: boolean; lineStart: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const before = text.slice(lineStart, offset)
  return { indent: /^[ \t]*/.exec(before)![0], alone: /^[ \t]*$/.test(before), lineStart }
}

/** The file's indentation step: the first indented line's leading whitespace (VS Code writes 4 spaces). */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text)
  return m ? m[1] : '    '
}

/** `value` as JSON, its lines after the first indented by `indent`. */
function format(value: unknown, unit: string, indent: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(eol + indent)
}

interface Edit {
  at: number
  text: string
}

/**
 * Text edits that append an element to a JSONC array, or a property to an object: a comma after the last one when
 * it has none, and the new one on its own line before the closing bracket, indented like its siblings.
 */
function appendEdits(text: string, node: JsoncNode & { kind: 'array' | 'object' }, itemText: (indent: string) => string, unit: string, eol: string): Edit[] {
  const lastStart = node.kind === 'array' ? node.items.at(-1)?.start : node.properties.at(-1)?.keyStart
  const lastEnd = node.kind === 'array' ? node.items.at(-1)?.end : node.properties.at(-1)?.value.end
  const closing = node.end - 1
  const open = lineAt(text, node.start)
  const sibling = lastStart === undefined ? undefined : lineAt(text, lastStart)
  const indent = sibling?.alone ? sibling.indent : open.indent + unit
  const edits: Edit[] = []
  if (lastEnd !== undefined) {
    // A trailing comma may already be there (VS Code allows one); comments in between do not count.
    const between = text.slice(lastEnd, closing).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')
    if (!between.includes(',')) edits.push({ at: lastEnd, text: ',' })
  }
  const close = lineAt(text, closing)
  if (close.alone) edits.push({ at: close.lineStart, text: `${indent}${itemText(indent)}${eol}` })
  else edits.push({ at: closing, text: `${eol}${indent}${itemText(indent)}${eol}${open.indent}` })
  return edits
}

function applyEdits(text: string, edits: Edit[]): string {
  for (const e of [...edits].sort((a, b) => b.at - a.at)) text = text.slice(0, e.at) + e.text + text.slice(e.at)
  return text
}

/** A name not yet used: "Name", else "Name (2)", "Name (3)"… */
function uniqueName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted
  for (let n = 2; ; n++) if (!taken.has(`${wanted} (${n})`)) return `${wanted} (${n})`
}

/** The new text of launch.json with `entry` appended, and the name it got. Throws JsoncError on a broken file. */
export function withConfiguration(text: string | null, entry: LaunchJsonEntry): { text: string; name: string } {
  if (text === null || !text.trim()) {
    const doc = { version: '0.2.0', configurations: [entry] }
    return { text: `${JSON.stringify(doc, null, 4)}\n`, name: entry.name }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const unit = indentUnit(text)
  const tree = parseJsoncTree(text)
  const array = configurationsNode(text, tree)
  const taken = new Set(array.items.map((i) => (valueOf(i) as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string'))
  const named = { ...entry, name: uniqueName(entry.name, taken) }
  const hasArray = tree.kind === 'object' && tree.properties.some((p) => p.key === 'configurations')
  const edits = hasArray
    ? appendEdits(text, array, (indent) => format(named, unit, indent, eol), unit, eol)
    : appendEdits(text, tree as JsoncNode & { kind: 'object' }, (indent) => `"configurations": ${format([named], unit, indent, eol)}`, unit, eol)
  return { text: applyEdits(text, edits), name: named.name }
}

/** Appends `entry` to the folder's launch.json (creating it); resolves with the name it was given. */
export async function addLaunchConfiguration(root: string, entry: LaunchJsonEntry): Promise<string> {
  if (!entry || typeof entry.name !== 'string' || !entry.name.trim() || typeof entry.type !== 'string' || (entry.request !== 'launch' && entry.request !== 'attach')) {
    throw new Error('A configuration needs a "name", a "type" and a "request" of "launch" or "attach".')
  }
  const file = launchJsonPath(root)
  const old = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw new Error(`Cannot read ${file}: ${error.message}`)
  })
  let next: { text: string; name: string }
  try {
    next = withConfiguration(old, { ...entry, name: entry.name.trim() })
  } catch (error) {
    if (error instanceof JsoncError) throw new Error(`Fix .vscode/launch.json first, then add the configuration: ${error.message}`)
    throw error
  }
  // Written whole (write then rename), so that an editor watching the file never reads half of it.
  writeAtomically(file, next.text)
  return next.name
}
