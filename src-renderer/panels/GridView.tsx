// An array (numpy ndarray) or a pandas DataFrame as a table: rows are its indexed children, cells the indexed
// children of each row; 50 rows at a time ("More rows"), 50 columns at most. Escape or Close ends it.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { useEffect, useState } from 'react'
import { useServices, useStore } from '../workbench/services'
import { errorMessage } from '../errorMessage'

const PAGE = 50
const MAX_COLUMNS = 50

interface GridRow {
  readonly name: string
  readonly cells: readonly DebugProtocol.Variable[] | null // null: a scalar row (a 1-D array's item)
  readonly value: string
}

/** A cell as a number reads in a table: numpy 2's scalar reprs (`np.int64(40)`) lose their wrapper. */
export function cellText(value: string): string {
  return value.replace(/^np\.\w+\((.*)\)$/s, '$1')
}

/** Types shown with a "table" button in the variables tree (as the tracer names them). */
export const GRID_TYPES = new Set(['numpy.ndarray', 'pandas.DataFrame', 'pandas.core.frame.DataFrame'])

export function GridView() {
  const { workbench, debug } = useServices()
  const grid = useStore(workbench.store, (s) => s.grid)
  const status = useStore(debug.store, (s) => s.session?.status)
  const [rows, setRows] = useState<GridRow[]>([])
  const [error, setError] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)

  const load = async (start: number) => {
    if (!grid) return
    setLoading(true)
    try {
      const page = await debug.indexedChildren(grid.reference, start, PAGE)
      const loaded = await Promise.all(
        page.map(async (row) => ({
          name: row.name,
          value: row.value,
          cells: row.variablesReference > 0 ? await debug.indexedChildren(row.variablesReference, 0, MAX_COLUMNS) : null,
        })),
      )
      setRows((before) => [...before, ...loaded])
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    setRows([])
    setError(undefined)
    if (grid) void load(0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grid])

  useEffect(() => {
    if (grid && status !== 'stopped') workbench.setGrid(undefined) // its references end with the stop
  }, [grid, status, workbench])

  if (!grid) return null
  const columns = rows.find((r) => r.cells)?.cells?.map((c) => c.name.replace(/^\d+: /, '')) ?? []
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && workbench.setGrid(undefined)}>
      <div className="modal grid-view" role="dialog" aria-label={`${grid.name} as a table`} data-testid="grid-view">
        <div className="modal-title">
          {grid.name} <span className="muted">({grid.rows} rows)</span>
          <button className="link" data-testid="grid-close" autoFocus onClick={() => workbench.setGrid(undefined)}>
            Close
          </button>
        </div>
        <div className="grid-scroll">
          <table data-testid="grid-table">
            <thead>
              <tr>
                <th />
                {columns.length > 0 ? columns.map((c) => <th key={c}>{c}</th>) : <th>value</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.name} data-testid="grid-row">
                  <th>{r.name}</th>
                  {r.cells ? r.cells.map((c) => <td key={c.name}>{cellText(c.value)}</td>) : <td>{cellText(r.value)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {error && <div className="tree-note error">{error}</div>}
        {rows.length < grid.rows && (
          <button className="link" data-testid="grid-more" disabled={loading} onClick={() => void load(rows.length)}>
            {loading ? 'Loading…' : `More rows (${rows.length} of ${grid.rows})`}
          </button>
        )}
      </div>
    </div>
  )
}
