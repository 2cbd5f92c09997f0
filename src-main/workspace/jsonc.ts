// JSON with comments and trailing commas, as VS Code reads launch.json and settings.json. The parser keeps
// where each value is in the text, so that an error can name its line and column and an edit can insert text
// without rewriting (and losing the comments of) the rest of the file.

export type JsoncNode =
  | { kind: 'object'; start: number; end: number; properties: JsoncProperty[] }
  | { kind: 'array'; start: number; end: number; items: JsoncNode[] }
  | { kind: 'value'; start: number; end: number; value: string | number | boolean | null }

export interface JsoncProperty {
  key: string
  keyStart: number
  value: JsoncNode
}

/** Where a syntax error is: `line` and `column` count from 1, as editors show them. */
export class JsoncError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    /** False when the JSON is fine but its shape is not (launch.json's top level is not an object…). */
    readonly syntax = true,
  ) {
    super(`line ${line}, column ${column}: ${reason}`)
  }
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/** Parses JSONC into a tree with offsets; throws JsoncError. */
export function parseJsoncTree(text: string): JsoncNode {
  let i = 0
  const fail = (reason: string, at = i): never => {
    const { line, column } = positionOf(text, at)
    throw new JsoncError(reason, at, line, column)
  }
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `'${text[at]}'`)

  const skip = () => {
    for (;;) {
      const ch = text[i]
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\uFEFF') i++
      else if (ch === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++
      } else if (ch === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2)
        if (close < 0) fail('a /* comment is never closed')
        i = close + 2
      } else return
    }
  }

  const string = (): string => {
    const start = i
    i++ // the opening quote
    let out = ''
    for (;;) {
      const ch = text[i]
      if (ch === undefined || ch === '\n') fail('a string is not closed on its line (a " is missing)', start)
      if (ch === '"') {
        i++
        return out
      }
      if (ch === '\\') {
        const esc = text[i + 1]
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (esc in simple) {
          out += simple[esc]
          i += 2
        } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
        } else {
          fail(`'\\${esc ?? ''}' is not a JSON escape (write '\\\\' for a backslash)`)
        }
      } else {
        out += ch
        i++
      }
    }
  }

  const value = (): JsoncNode => {
    skip()
    const start = i
    const ch = text[i]
    if (ch === '{') {
      i++
      const properties: JsoncProperty[] = []
      for (;;) {
        skip()
        if (text[i] === '}') break
        if (text[i] !== '"') fail(properties.length ? `expected a property name in double quotes or '}', found ${describe(i)}` : `expected a property name in double quotes, found ${describe(i)}`)
        const keyStart = i
        const key = string()
        skip()
        if (text[i] !== ':') fail(`expected ':' after the property name "${key}", found ${describe(i)}`)
        i++
        properties.push({ key, keyStart, value: value() })
        skip()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] !== '}') fail(`expected ',' or '}' after the value of "${key}", found ${describe(i)}`)
      }
      i++
      return { kind: 'object', start, end: i, properties }
    }
    if (ch === '[') {
      i++
      const items: JsoncNode[] = []
      for (;;) {
        skip()
        if (text[i] === ']') break
        items.push(value())
        skip()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] !== ']') fail(`expected ',' or ']' after an array item, found ${describe(i)}`)
      }
      i++
      return { kind: 'array', start, end: i, items }
    }
    if (ch === '"') {
      const s = string()
      return { kind: 'value', start, end: i, value: s }
    }
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))
    if (word) {
      i += word[0].length
      const v = word[0] === 'true' ? true : word[0] === 'false' ? false : word[0] === 'null' ? null : Number(word[0])
      return { kind: 'value', start, end: i, value: v }
    }
    return fail(`expected a value (a string in double quotes, a number, true, false, null, an object or an array), found ${describe(i)}`)
  }

  const root = value()
  skip()
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`)
  return root
}

/** The plain value of a tree (objects, arrays, strings, numbers, booleans, null). */
export function valueOf(node: JsoncNode): unknown {
  if (node.kind === 'value') return node.value
  if (node.kind === 'array') return node.items.map(valueOf)
  const out: Record<string, unknown> = {}
  // defineProperty: a key "__proto__" is data, not the object's prototype.
  for (const p of node.properties) Object.defineProperty(out, p.key, { value: valueOf(p.value), enumerable: true, writable: true, configurable: true })
  return out
}

/** Parses JSONC into plain values; throws JsoncError. */
export function parseJsonc(text: string): unknown {
  return valueOf(parseJsoncTree(text))
}
