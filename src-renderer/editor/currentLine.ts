// Current-line extension: highlights the line of the selected stack frame and puts an arrow in its own gutter.
// `top` distinguishes the top frame (where execution is) from a frame further down the stack.
import { RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state'
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from '@codemirror/view'

export interface CurrentLineSpec {
  readonly line: number
  readonly top: boolean
}

export const setCurrentLine = StateEffect.define<CurrentLineSpec | null>()

class ArrowMarker extends GutterMarker {
  constructor(
    readonly line: number,
    readonly top: boolean,
  ) {
    super()
  }

  eq(other: GutterMarker): boolean {
    return other instanceof ArrowMarker && other.line === this.line && other.top === this.top
  }

  toDOM(): Node {
    const el = document.createElement('span')
    el.className = this.top ? 'cm-frame-arrow' : 'cm-frame-arrow cm-frame-arrow-lower'
    el.textContent = '➜'
    el.dataset.testid = 'current-line-arrow'
    el.dataset.line = String(this.line)
    return el
  }
}

interface CurrentLineValue {
  readonly decorations: DecorationSet
  readonly markers: RangeSet<GutterMarker>
}

const empty: CurrentLineValue = { decorations: Decoration.none, markers: RangeSet.empty }

const currentLineField = StateField.define<CurrentLineValue>({
  create: () => empty,
  update(value, tr) {
    for (const e of tr.effects) {
      if (!e.is(setCurrentLine)) continue
      const spec = e.value
      if (!spec || spec.line < 1 || spec.line > tr.state.doc.lines) return empty
      const from = tr.state.doc.line(spec.line).from
      const cls = spec.top ? 'cm-frame-line' : 'cm-frame-line cm-frame-line-lower'
      return {
        decorations: Decoration.set([
          Decoration.line({ class: cls, attributes: { 'data-testid': 'current-line', 'data-line': String(spec.line) } }).range(from),
        ]),
        markers: RangeSet.of([new ArrowMarker(spec.line, spec.top).range(from)]),
      }
    }
    return tr.docChanged ? { decorations: value.decorations.map(tr.changes), markers: value.markers.map(tr.changes) } : value
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.decorations),
})

export function currentLine(): Extension {
  return [
    currentLineField,
    gutter({
      class: 'cm-frame-gutter',
      markers: (view) => view.state.field(currentLineField).markers,
      initialSpacer: () => new ArrowMarker(0, true),
    }),
  ]
}
