// Inline values (as in PyCharm): at a stop, each visible line of the stopped frame's function ends with the
// current values of the locals it assigns or reads (`x = 3, total = 15`), dimmed. The values are the frame's
// Locals the Variables panel already fetched: nothing is evaluated for this, so it can never run program code.
import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state'
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view'

export interface InlineValuesSpec {
  /** The stopped frame's line (1-based): its function's lines get values. */
  readonly frameLine: number
  /** The frame's locals by name, as their Variables rows show them. */
  readonly values: ReadonlyMap<string, string>
}

/** One value is cut to this many characters, a whole line's text to LINE_LIMIT. */
export const VALUE_LIMIT = 40
export const LINE_LIMIT = 120

const KEYWORDS = new Set(
  'False None True and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return try type while with yield'.split(' '),
)

/**
 * The names a line of Python refers to, in order of first appearance: identifiers outside strings and comments,
 * not keywords, not attributes (`self.total` is not the local `total`) and not keyword arguments (`f(end=x)`).
 */
export function namesOnLine(line: string): string[] {
  const names: string[] = []
  const re = /#.*$|(?:[rRbBuUfF]{0,2})("""|'''|"|')(?:\\.|(?!\1).)*?(?:\1|$)|[A-Za-z_]\w*/g
  for (let m: RegExpExecArray | null; (m = re.exec(line)); ) {
    const token = m[0]
    const before = line.slice(0, m.index)
    // Open brackets before this token tell `f(end=x)` (an argument name) from `end = x` (an assignment).
    const depth = (before.match(/\(/g)?.length ?? 0) - (before.match(/\)/g)?.length ?? 0)
    if (token.startsWith('#') || m[1] !== undefined) continue
    if (KEYWORDS.has(token) || /\.\s*$/.test(before)) continue
    if (depth > 0 && /^\s*=(?!=)/.test(line.slice(m.index + token.length))) continue
    if (!names.includes(token)) names.push(token)
  }
  return names
}

/** `x = 3, total = 15` for the names of a line that are locals; '' when none is. Bounded by the limits above. */
export function inlineText(line: string, values: ReadonlyMap<string, string>): string {
  const parts: string[] = []
  for (const name of namesOnLine(line)) {
    const value = values.get(name)
    if (value === undefined) continue
    const flat = value.replace(/\s+/g, ' ')
    parts.push(`${name} = ${flat.length > VALUE_LIMIT ? `${flat.slice(0, VALUE_LIMIT - 1)}…` : flat}`)
  }
  const text = parts.join(', ')
  return text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT - 1)}…` : text
}

const indentOf = (text: string) => /^\s*/.exec(text)![0].length
const isBlank = (text: string) => /^\s*(#.*)?$/.test(text)

/**
 * The lines (1-based, inclusive) of the function around `line`: from its `def` to its last indented line. A line
 * outside any function (module code) gives the whole file.
 */
export function functionLines(lineText: (n: number) => string, count: number, line: number): { from: number; to: number } {
  const at = lineText
  let indent = indentOf(at(line))
  let from = 0
  for (let i = line - 1; i >= 1; i--) {
    const text = at(i)
    if (isBlank(text) || indentOf(text) >= indent) continue
    indent = indentOf(text)
    if (/^\s*(async\s+)?def\s/.test(text)) {
      from = i
      break
    }
  }
  if (!from && !/^\s*(async\s+)?def\s/.test(at(line))) return { from: 1, to: count }
  if (!from) from = line
  const defIndent = indentOf(at(from))
  let to = from
  for (let i = from + 1; i <= count; i++) {
    const text = at(i)
    if (isBlank(text)) continue
    if (indentOf(text) <= defIndent) break
    to = i
  }
  return { from, to }
}

export const setInlineValues = StateEffect.define<InlineValuesSpec | null>()

const inlineValuesField = StateField.define<InlineValuesSpec | null>({
  create: () => null,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setInlineValues)) value = e.value
    return value
  },
})

class InlineValueWidget extends WidgetType {
  constructor(
    readonly text: string,
    readonly line: number,
  ) {
    super()
  }

  eq(other: WidgetType): boolean {
    return other instanceof InlineValueWidget && other.text === this.text && other.line === this.line
  }

  toDOM(): HTMLElement {
    const el = document.createElement('span')
    el.className = 'cm-inline-value'
    el.dataset.testid = 'inline-value'
    el.dataset.line = String(this.line)
    el.textContent = this.text
    el.title = this.text
    return el
  }

  ignoreEvent(): boolean {
    return false
  }
}

function decorate(view: EditorView): DecorationSet {
  const spec = view.state.field(inlineValuesField)
  const doc = view.state.doc
  if (!spec || spec.values.size === 0 || spec.frameLine < 1 || spec.frameLine > doc.lines) return Decoration.none
  const { from, to } = functionLines((n) => doc.line(n).text, doc.lines, spec.frameLine)
  const ranges: Range<Decoration>[] = []
  for (const visible of view.visibleRanges) {
    const first = Math.max(doc.lineAt(visible.from).number, from)
    const last = Math.min(doc.lineAt(visible.to).number, to)
    for (let n = first; n <= last; n++) {
      const line = doc.line(n)
      const text = inlineText(line.text, spec.values)
      if (text) ranges.push(Decoration.widget({ widget: new InlineValueWidget(text, n), side: 1 }).range(line.to))
    }
  }
  return Decoration.set(ranges, true)
}

const inlineValuesView = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet
    constructor(view: EditorView) {
      this.decorations = decorate(view)
    }
    update(update: ViewUpdate) {
      const changed = update.startState.field(inlineValuesField) !== update.state.field(inlineValuesField)
      if (changed || update.viewportChanged || update.docChanged) this.decorations = decorate(update.view)
    }
  },
  { decorations: (v) => v.decorations },
)

export function inlineValues(): Extension {
  return [inlineValuesField, inlineValuesView]
}
