// Quick open's matcher: the query's characters must appear in the path in order (case ignored, spaces ignored);
// among the paths that match, runs of adjacent characters, starts of words and the file name score higher, as in
// VS Code's Ctrl+P ("wbm" finds workbench/workbenchModel.ts; "main" prefers main.py to domain/other.py).

export interface FuzzyMatch {
  readonly path: string
  readonly score: number
  /** Indexes into `path` of the matched characters, for highlighting. */
  readonly positions: readonly number[]
}

const SEPARATORS = '/\\_-. '

function charScore(path: string, j: number, nameStart: number, adjacent: boolean): number {
  const before = j > 0 ? path[j - 1] : '/'
  const wordStart = SEPARATORS.includes(before) || (before === before.toLowerCase() && path[j] !== path[j].toLowerCase())
  return 1 + (adjacent ? 6 : 0) + (wordStart ? 8 : 0) + (j >= nameStart ? 3 : 0)
}

/** How well `query` matches `path`, or null when it does not. */
export function fuzzyMatch(query: string, path: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, '').toLowerCase()
  if (!q) return { path, score: 0, positions: [] }
  const p = path.toLowerCase()
  // Cheap test first: most paths of a project do not contain the query as a subsequence.
  for (let i = 0, j = 0; i < q.length; i++, j++) {
    j = p.indexOf(q[i], j)
    if (j < 0) return null
  }
  const n = q.length
  const m = p.length
  const nameStart = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1
  // best[i][j]: the best score of q[0..i] with q[i] matched at path[j]; from[i][j]: where q[i-1] was matched.
  const best: Float64Array[] = []
  const from: Int32Array[] = []
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(m).fill(-Infinity)
    const back = new Int32Array(m).fill(-1)
    let runningBest = -Infinity
    let runningAt = -1
    for (let j = 0; j < m; j++) {
      if (i > 0 && j > 0) {
        // runningBest covers the earlier row up to j - 2: a gap before j.
        if (j >= 2 && best[i - 1][j - 2] > runningBest) {
          runningBest = best[i - 1][j - 2]
          runningAt = j - 2
        }
      }
      if (p[j] !== q[i]) continue
      if (i === 0) {
        row[j] = charScore(path, j, nameStart, false)
        continue
      }
      const adjacent = j > 0 ? best[i - 1][j - 1] : -Infinity
      const viaAdjacent = adjacent + charScore(path, j, nameStart, true)
      const viaGap = runningBest + charScore(path, j, nameStart, false)
      if (viaAdjacent >= viaGap && adjacent > -Infinity) {
        row[j] = viaAdjacent
        back[j] = j - 1
      } else if (runningBest > -Infinity) {
        row[j] = viaGap
        back[j] = runningAt
      }
    }
    best.push(row)
    from.push(back)
  }
  let end = -1
  for (let j = 0; j < m; j++) if (best[n - 1][j] > (end < 0 ? -Infinity : best[n - 1][end])) end = j
  if (end < 0) return null
  const positions: number[] = []
  for (let i = n - 1, j = end; i >= 0; j = from[i][j], i--) positions.unshift(j)
  // Shorter paths first among equals.
  return { path, score: best[n - 1][end] - path.length * 0.01, positions }
}

/** The paths that match `query`, best first, at most `limit`; an empty query keeps the list's order. */
export function filterPaths(query: string, paths: readonly string[], limit = 50): FuzzyMatch[] {
  const matches: FuzzyMatch[] = []
  for (const path of paths) {
    const match = fuzzyMatch(query, path)
    if (match) matches.push(match)
  }
  if (query.trim()) matches.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
  return matches.slice(0, limit)
}
