// Hovering a name (or a dotted chain, `self.items.count`) while the program is paused shows its value in the
// selected frame. The debug model evaluates it in DAP's "hover" context, where the tracer refuses anything that
// would run code (calls, property getters), so a hover can never change the program.
import type { Extension } from '@codemirror/state'
import { hoverTooltip, type Tooltip } from '@codemirror/view'

/** Resolves with the text to show, or null to show nothing (not paused, not a value). */
export type HoverEvaluator = (expression: string) => Promise<{ value: string; type?: string } | null>

/** The expression at `pos` in `line` (0-based column): the dotted chain up to and including the hovered name. */
export function expressionAt(line: string, column: number): { text: string; from: number; to: number } | null {
  let start = column
  while (start > 0 && /[\w]/.test(line[start - 1])) start--
  let end = column
  while (end < line.length && /[\w]/.test(line[end])) end++
  if (start === end || /\d/.test(line[start])) return null
  // Extend to the left over ".name" links: `a.b.c` hovered on c is `a.b.c`; hovered on b it is `a.b`.
  let from = start
  while (from >= 2 && line[from - 1] === '.' && /\w/.test(line[from - 2])) {
    let s = from - 1
    while (s > 0 && /\w/.test(line[s - 1])) s--
    if (/\d/.test(line[s])) break
    from = s
  }
  const text = line.slice(from, end)
  if (/^(and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield)$/.test(text)) return null
  return { text, from, to: end }
}

/** How long a hover waits before it shows "Loading…" (the workbench's rows wait as long: panels/Pending.tsx). */
export const HOVER_PENDING_DELAY_MS = 300
const SLOW = Symbol('slow')

export function hoverValue(evaluate: HoverEvaluator): Extension {
  return hoverTooltip(async (view, pos): Promise<Tooltip | null> => {
    const line = view.state.doc.lineAt(pos)
    const found = expressionAt(line.text, pos - line.from)
    if (!found) return null
    const answer = evaluate(found.text)
    let timer: ReturnType<typeof setTimeout> | undefined
    const early = await Promise.race([answer, new Promise<typeof SLOW>((res) => (timer = setTimeout(() => res(SLOW), HOVER_PENDING_DELAY_MS)))])
    clearTimeout(timer)
    if (early === null) return null
    const tooltip = (fill: (dom: HTMLElement) => void): Tooltip => ({
      pos: line.from + found.from,
      end: line.from + found.to,
      above: true,
      create() {
        const dom = document.createElement('div')
        dom.className = 'cm-hover-value'
        dom.dataset.testid = 'hover-value'
        fill(dom)
        return { dom }
      },
    })
    if (early !== SLOW) return tooltip((dom) => showValue(dom, found.text, early))
    // A slow answer (a big value, a slow __repr__): say so in place, and show the value when it comes.
    return tooltip((dom) => {
      showLoading(dom, found.text)
      void answer.then((result) => {
        if (result) showValue(dom, found.text, result)
        else showUnavailable(dom, found.text)
        view.requestMeasure()
      })
    })
  }, { hoverTime: 350 })
}

function nameSpan(expression: string): HTMLElement {
  const name = document.createElement('span')
  name.className = 'var-name'
  name.textContent = `${expression} = `
  return name
}

function showValue(dom: HTMLElement, expression: string, result: { value: string; type?: string }): void {
  const value = document.createElement('span')
  value.className = 'var-value'
  value.textContent = result.value
  dom.replaceChildren(nameSpan(expression), value)
  if (result.type) {
    const type = document.createElement('span')
    type.className = 'var-type'
    type.textContent = result.type
    dom.append(type)
  }
}

function showLoading(dom: HTMLElement, expression: string): void {
  const loading = document.createElement('span')
  loading.className = 'muted pending'
  loading.setAttribute('role', 'status')
  loading.dataset.testid = 'loading-value'
  const spinner = document.createElement('span')
  spinner.className = 'spinner'
  spinner.setAttribute('aria-hidden', 'true')
  loading.append(spinner, 'Loading…')
  dom.replaceChildren(nameSpan(expression), loading)
}

function showUnavailable(dom: HTMLElement, expression: string): void {
  const note = document.createElement('span')
  note.className = 'muted'
  note.textContent = 'not available'
  dom.replaceChildren(nameSpan(expression), note)
}
