// The inline breakpoint editor: a CodeMirror block widget under one line with a condition, a hit count, a
// log message, "temporary", "enable after another breakpoint" and which threads its stop suspends. It is opened and closed through the setBreakpointEditor effect and reports through the spec's
// callbacks; this file knows nothing about DAP or the debug model. Enter saves, Escape cancels.
import { StateEffect, StateField, type Extension } from '@codemirror/state'
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view'
import type { SuspendPolicy } from '../../src-preload/contract'

export interface BreakpointEditorValues {
  readonly condition?: string
  readonly hitCondition?: string
  readonly logMessage?: string
  readonly temporary?: boolean
  /** The `value` of one of the spec's `others`, or undefined. */
  readonly dependsOn?: string
  /** Every thread or only the one that hits it; undefined: the session's default. */
  readonly suspendPolicy?: SuspendPolicy
}

/** Another breakpoint this one can wait for. */
export interface BreakpointChoice {
  readonly value: string
  readonly label: string
}

export interface BreakpointEditorSpec {
  readonly line: number
  readonly values: BreakpointEditorValues
  /** The other breakpoints, for "enable after". */
  readonly others: readonly BreakpointChoice[]
  /** What the debugger said about the breakpoint (e.g. why its condition is invalid). */
  readonly message?: string
  /** The session's default suspend policy (the settings'), named in the "Suspend" choice that keeps it. */
  readonly defaultSuspendPolicy?: SuspendPolicy
  /** Returns what is wrong with the values, shown in the editor; undefined to accept them. */
  readonly validate: (values: BreakpointEditorValues) => string | undefined
  readonly onSave: (values: BreakpointEditorValues) => void
  readonly onCancel: () => void
}

export const setBreakpointEditor = StateEffect.define<BreakpointEditorSpec | null>()

const FIELDS = [
  { name: 'condition', label: 'Condition', placeholder: 'Break when this Python expression is true, e.g. i == 3' },
  { name: 'hitCondition', label: 'Hit count', placeholder: 'N, == N, >= N or % N' },
  { name: 'logMessage', label: 'Log message', placeholder: 'Log instead of stopping, e.g. i={i}' },
] as const

class BreakpointEditorWidget extends WidgetType {
  constructor(readonly spec: BreakpointEditorSpec) {
    super()
  }

  // The same spec object keeps its DOM (and what the user typed); a new one is a new editor.
  eq(other: WidgetType): boolean {
    return other instanceof BreakpointEditorWidget && other.spec === this.spec
  }

  toDOM(): HTMLElement {
    const { spec } = this
    const root = document.createElement('div')
    root.className = 'cm-bp-editor'
    root.dataset.testid = 'breakpoint-editor'
    root.dataset.line = String(spec.line)
    root.setAttribute('role', 'group')
    root.setAttribute('aria-label', `Breakpoint on line ${spec.line}`)
    const inputs = new Map<string, HTMLInputElement>()
    for (const field of FIELDS) {
      const label = document.createElement('label')
      label.className = 'cm-bp-editor-field'
      const caption = document.createElement('span')
      caption.textContent = field.label
      const input = document.createElement('input')
      input.dataset.testid = `breakpoint-editor-${field.name}`
      input.spellcheck = false
      input.placeholder = field.placeholder
      input.value = spec.values[field.name] ?? ''
      label.append(caption, input)
      root.append(label)
      inputs.set(field.name, input)
    }
    const flow = document.createElement('div')
    flow.className = 'cm-bp-editor-field cm-bp-editor-flow'
    const onceLabel = document.createElement('label')
    const once = document.createElement('input')
    once.type = 'checkbox'
    once.dataset.testid = 'breakpoint-editor-temporary'
    once.checked = spec.values.temporary === true
    onceLabel.append(once, ' Temporary (removed at its first stop)')
    const afterLabel = document.createElement('label')
    afterLabel.append('Enable after ')
    const after = document.createElement('select')
    after.dataset.testid = 'breakpoint-editor-depends-on'
    after.setAttribute('aria-label', 'Enable this breakpoint only after another one stops')
    for (const choice of [{ value: '', label: 'always enabled' }, ...spec.others]) {
      const option = document.createElement('option')
      option.value = choice.value
      option.textContent = choice.value ? `${choice.label} stops` : choice.label
      after.append(option)
    }
    after.value = spec.values.dependsOn ?? ''
    afterLabel.append(after)
    const suspendLabel = document.createElement('label')
    suspendLabel.append('Suspend ')
    const suspend = document.createElement('select')
    suspend.dataset.testid = 'breakpoint-editor-suspend'
    suspend.setAttribute('aria-label', 'Which threads stop when this breakpoint stops')
    const byDefault = spec.defaultSuspendPolicy === 'thread' ? 'this thread only' : 'all threads'
    for (const [value, label] of [['', `as set (${byDefault})`], ['all', 'all threads'], ['thread', 'this thread only']]) {
      const option = document.createElement('option')
      option.value = value
      option.textContent = label
      suspend.append(option)
    }
    suspend.value = spec.values.suspendPolicy ?? ''
    suspendLabel.append(suspend)
    flow.append(onceLabel, afterLabel, suspendLabel)
    root.append(flow)
    const problem = document.createElement('div')
    problem.className = 'cm-bp-editor-problem'
    problem.dataset.testid = 'breakpoint-editor-problem'
    problem.setAttribute('role', 'alert')
    problem.textContent = spec.message ?? ''
    const hint = document.createElement('div')
    hint.className = 'cm-bp-editor-hint'
    hint.textContent = 'Enter to save, Escape to cancel. A log point never stops; {expression} is replaced by its value.'
    root.append(problem, hint)

    const values = (): BreakpointEditorValues => ({
      condition: inputs.get('condition')!.value,
      hitCondition: inputs.get('hitCondition')!.value,
      logMessage: inputs.get('logMessage')!.value,
      temporary: once.checked,
      dependsOn: after.value || undefined,
      suspendPolicy: suspend.value === 'all' || suspend.value === 'thread' ? suspend.value : undefined,
    })
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        spec.onCancel()
      } else if (e.key === 'Enter') {
        e.preventDefault()
        const wrong = spec.validate(values())
        if (wrong) problem.textContent = wrong
        else spec.onSave(values())
      }
    })
    // Focus the field the breakpoint uses (the condition for a new one) once the widget is in the document.
    const first = FIELDS.find((f) => spec.values[f.name])?.name ?? 'condition'
    requestAnimationFrame(() => inputs.get(first)?.focus())
    return root
  }

  ignoreEvent(): boolean {
    return true // the widget's inputs handle their own keys and clicks
  }
}

const editorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) {
      if (!e.is(setBreakpointEditor)) continue
      const spec = e.value
      if (!spec || spec.line < 1 || spec.line > tr.state.doc.lines) return Decoration.none
      const widget = Decoration.widget({ widget: new BreakpointEditorWidget(spec), block: true, side: 1 })
      return Decoration.set([widget.range(tr.state.doc.line(spec.line).to)])
    }
    return tr.docChanged ? value.map(tr.changes) : value
  },
  provide: (f) => EditorView.decorations.from(f),
})

export function breakpointEditor(): Extension {
  return editorField
}
