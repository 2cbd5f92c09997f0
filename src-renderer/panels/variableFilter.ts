// The Variables panel's filter: which of the loaded rows match a text typed (in the name or the value, ignoring
// case), and which rows must stay to reach them. Only loaded rows are searched: a filter never fetches.
import type { VariableChildren } from '../debug/debugState'

/** Row keys (`scope:Locals/data/items`, as VariableTree names them) to show while a filter is typed. */
export interface VariableFilterResult {
  /** Rows that match, and their ancestors. */
  readonly shown: ReadonlySet<string>
  /** Rows that match: what is under them shows whole when expanded. */
  readonly matched: ReadonlySet<string>
}

/** Deeper rows are not searched (a structure that refers to itself would not end). */
const MAX_DEPTH = 12

export function filterVariables(
  variables: Readonly<Record<number, VariableChildren>>,
  roots: readonly { key: string; reference: number }[],
  query: string,
): VariableFilterResult {
  const needle = query.trim().toLowerCase()
  const shown = new Set<string>()
  const matched = new Set<string>()
  const visit = (reference: number, parentKey: string, depth: number): boolean => {
    let any = false
    for (const v of variables[reference]?.items ?? []) {
      const key = `${parentKey}/${v.name}`
      const hit = v.name.toLowerCase().includes(needle) || v.value.toLowerCase().includes(needle)
      const lazy = !!v.presentationHint?.lazy
      const below = !lazy && v.variablesReference > 0 && depth < MAX_DEPTH && visit(v.variablesReference, key, depth + 1)
      if (hit) matched.add(key)
      if (hit || below) {
        shown.add(key)
        any = true
      }
    }
    return any
  }
  for (const root of roots) if (visit(root.reference, root.key, 1)) shown.add(root.key)
  return { shown, matched }
}

/** Whether a row under `parentKey` named `name` shows under the filter. */
export function rowShown(filter: VariableFilterResult, parentKey: string, name: string): boolean {
  const key = `${parentKey}/${name}`
  if (filter.shown.has(key)) return true
  for (const m of filter.matched) if (parentKey === m || parentKey.startsWith(`${m}/`)) return true
  return false
}
