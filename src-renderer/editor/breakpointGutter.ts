// Breakpoint gutter: a CodeMirror extension showing the debug model's breakpoints for one file and reporting
// clicks (toggle) and right-clicks (edit). The markers are fed through the setBreakpointMarkers effect; this
// file knows nothing about DAP.
import { StateEffect, StateField, type Extension } from '@codemirror/state'
import { GutterMarker, gutter, type EditorView } from '@codemirror/view'
import { mapLineThroughChanges } from './breakpointLines'

export interface BreakpointMarkerSpec {
  readonly line: number
  readonly verified: boolean
  /** Disabled breakpoints stay visible, greyed. */
  readonly enabled: boolean
  readonly kind: 'plain' | 'conditional' | 'log'
  /** The debugger's message (e.g. an invalid condition) or what the breakpoint does, for the tooltip. */
  readonly message?: string
  readonly detail?: string
}

export const setBreakpointMarkers = StateEffect.define<readonly BreakpointMarkerSpec[]>()

const breakpointMarkers = StateField.define<readonly BreakpointMarkerSpec[]>({
  create: () => [],
  update(value, tr) {
    // Markers follow their lines through an edit at once; the debug model's table follows through the editor's
    // `edited` action and sends the same lines again.
    if (tr.docChanged) {
      value = value.flatMap((spec) => {
        const line = mapLineThroughChanges(tr.startState.doc, tr.newDoc, tr.changes, spec.line)
        return line === null ? [] : [{ ...spec, line }]
      })
    }
    for (const e of tr.effects) if (e.is(setBreakpointMarkers)) value = e.value
    return value
  },
})

class BreakpointMarker extends GutterMarker {
  constructor(readonly spec: BreakpointMarkerSpec) {
    super()
  }

  eq(other: GutterMarker): boolean {
    if (!(other instanceof BreakpointMarker)) return false
    const a = this.spec
    const b = other.spec
    return a.line === b.line && a.verified === b.verified && a.enabled === b.enabled && a.kind === b.kind && a.message === b.message && a.detail === b.detail
  }

  toDOM(): Node {
    const { line, verified, enabled, kind, message, detail } = this.spec
    const el = document.createElement('span')
    const state = !enabled ? 'cm-bp-disabled' : verified ? 'cm-bp-verified' : 'cm-bp-unverified'
    el.className = `cm-bp cm-bp-${kind} ${state}${enabled && message ? ' cm-bp-error' : ''}`
    el.dataset.testid = 'breakpoint'
    el.dataset.line = String(line)
    el.dataset.verified = String(verified)
    el.dataset.enabled = String(enabled)
    el.dataset.kind = kind
    const what = kind === 'log' ? 'Log point' : kind === 'conditional' ? 'Conditional breakpoint' : 'Breakpoint'
    const status = !enabled ? ' (disabled)' : verified ? '' : ' (not verified by a debug session yet)'
    el.title = [`${what} on line ${line}${status}`, detail, enabled ? message : undefined, 'Right-click to edit']
      .filter(Boolean)
      .join('\n')
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
    el.title = 'Click to add a breakpoint (F9); right-click for a conditional breakpoint or log point (Shift+F9)'
    return el
  }
}

export function breakpointGutter(onToggle: (line: number) => void, onEdit: (line: number) => void): Extension {
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
        contextmenu(view, block, event) {
          event.preventDefault()
          onEdit(lineNumberAt(view, block.from))
          return true
        },
      },
    }),
  ]
}
