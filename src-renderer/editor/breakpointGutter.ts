// Breakpoint gutter: a CodeMirror extension showing the debug model's breakpoints for one file and reporting
// clicks. The markers are fed through the setBreakpointMarkers effect; this file knows nothing about DAP.
import { StateEffect, StateField, type Extension } from '@codemirror/state'
import { GutterMarker, gutter, type EditorView } from '@codemirror/view'

export interface BreakpointMarkerSpec {
  readonly line: number
  readonly verified: boolean
  readonly message?: string
}

export const setBreakpointMarkers = StateEffect.define<readonly BreakpointMarkerSpec[]>()

const breakpointMarkers = StateField.define<readonly BreakpointMarkerSpec[]>({
  create: () => [],
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setBreakpointMarkers)) value = e.value
    return value
  },
})

class BreakpointMarker extends GutterMarker {
  constructor(readonly spec: BreakpointMarkerSpec) {
    super()
  }

  eq(other: GutterMarker): boolean {
    return (
      other instanceof BreakpointMarker &&
      other.spec.line === this.spec.line &&
      other.spec.verified === this.spec.verified &&
      other.spec.message === this.spec.message
    )
  }

  toDOM(): Node {
    const el = document.createElement('span')
    el.className = `cm-bp ${this.spec.verified ? 'cm-bp-verified' : 'cm-bp-unverified'}`
    el.dataset.testid = 'breakpoint'
    el.dataset.line = String(this.spec.line)
    el.dataset.verified = String(this.spec.verified)
    el.title = this.spec.verified
      ? `Breakpoint on line ${this.spec.line}`
      : this.spec.message ?? `Breakpoint on line ${this.spec.line} (not verified by a debug session yet)`
    return el
  }
}

/** An empty slot on every line: the click target, with its line number for tests and hover styling. */
class SlotMarker extends GutterMarker {
  constructor(readonly line: number) {
    super()
  }

  eq(other: GutterMarker): boolean {
    return other instanceof SlotMarker && other.line === this.line
  }

  toDOM(): Node {
    const el = document.createElement('span')
    el.className = 'cm-bp-slot'
    el.dataset.testid = 'bp-slot'
    el.dataset.line = String(this.line)
    el.title = 'Click to add a breakpoint (F9)'
    return el
  }
}

export function breakpointGutter(onToggle: (line: number) => void): Extension {
  const lineNumberAt = (view: EditorView, pos: number) => view.state.doc.lineAt(pos).number
  return [
    breakpointMarkers,
    gutter({
      class: 'cm-breakpoint-gutter',
      lineMarker(view, block) {
        const line = lineNumberAt(view, block.from)
        const spec = view.state.field(breakpointMarkers).find((bp) => bp.line === line)
        return spec ? new BreakpointMarker(spec) : new SlotMarker(line)
      },
      lineMarkerChange: (update) => update.startState.field(breakpointMarkers) !== update.state.field(breakpointMarkers),
      initialSpacer: () => new SlotMarker(0),
      domEventHandlers: {
        mousedown(view, block, event) {
          if ((event as MouseEvent).button !== 0) return false
          onToggle(lineNumberAt(view, block.from))
          return true
        },
      },
    }),
  ]
}
