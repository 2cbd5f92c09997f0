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

export function hoverValue(evaluate: HoverEvaluator): Extension {
  return hoverTooltip(async (view, pos): Promise<Tooltip | null> => {
    const line = view.state.doc.lineAt(pos)
    const found = expressionAt(line.text, pos - line.from)
    if (!found) return null
    const result = await evaluate(found.text)
    if (!result) return null
    return {
      pos: line.from + found.from,
      end: line.from + found.to,
      above: true,
      create() {
        const dom = document.createElement('div')
        dom.className = 'cm-hover-value'
        dom.dataset.testid = 'hover-value'
        const name = document.createElement('span')
        name.className = 'var-name'
        name.textContent = `${found.text} = `
        const value = document.createElement('span')
        value.className = 'var-value'
        value.textContent = result.value
        dom.append(name, value)
        if (result.type) {
          const type = document.createElement('span')
          type.className = 'var-type'
          type.textContent = result.type
          dom.append(type)
        }
        return { dom }
      },
    }
  }, { hoverTime: 350 })
}
