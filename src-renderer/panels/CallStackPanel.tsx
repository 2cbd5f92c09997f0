// Call stack of the shown thread; clicking a frame shows its source line and its variables. Frames of library
// code (the tracer marks them presentationHint "subtle": standard library, installed packages) fold into one
// row per run unless "Show library frames" is on; the top frame is always shown. Rows with presentationHint
// "label" are separators, never selected: "awaited by Task-2 (main)" before the frames of the asyncio task that
// awaits the one above, and "running: …" above the stack of a thread that runs (its source can be shown, its
// variables cannot).
import { useState } from 'react'
import type { DebugProtocol } from '@vscode/debugprotocol'
import { isLabel } from '../debug/debugState'
import { useServices, useStore } from '../workbench/services'
import { rowKeyDown } from './rowKeys'
import { displayText } from './displayText'
import { PendingRow } from './Pending'
import { PanelTitle } from './PanelTitle'

const baseName = (path?: string) => path?.split(/[\\/]/).pop() ?? ''

export function CallStackPanel() {
  const { debug, workbench } = useServices()
  const justMyCode = useStore(workbench.store, (s) => s.settings.justMyCode !== false)
  const session = useStore(debug.store, (s) => s.session)
  const frames = session?.frames ?? []
  const [showLibrary, setShowLibrary] = useState(false)
  const anyLibrary = frames.some((f) => f.presentationHint === 'subtle')
  const frameRow = (f: DebugProtocol.StackFrame, i: number) => (
    <div
      key={f.id}
      className={`row frame ${f.id === session?.selectedFrameId ? 'selected' : ''} ${f.presentationHint === 'subtle' ? 'subtle' : ''}`}
      data-testid="frame"
      data-frame-index={i}
      data-name={f.name}
      data-line={f.line}
      title={`${f.source?.path ?? ''}:${f.line}`}
      tabIndex={0}
      onClick={() => void debug.selectFrame(f.id)}
      onKeyDown={rowKeyDown(() => void debug.selectFrame(f.id), '.row.frame')}
    >
      <span className="frame-name">{displayText(f.name)}</span>
      <span className="frame-loc">
        {baseName(f.source?.path ?? f.source?.name)}:{f.line}
      </span>
    </div>
  )
  return (
    <section className="panel" data-testid="callstack">
      <PanelTitle>
        Call Stack
        <label className="panel-title-toggle" title="Steps skip the standard library and installed packages (from the next start)">
          <input type="checkbox" data-testid="just-my-code" checked={justMyCode} onChange={(e) => void workbench.setJustMyCode(e.target.checked)} /> just my code
        </label>
        {anyLibrary && (
          <label className="panel-title-toggle" title="Show the frames of the standard library and installed packages">
            <input type="checkbox" data-testid="show-library-frames" checked={showLibrary} onChange={(e) => setShowLibrary(e.target.checked)} /> library frames
          </label>
        )}
      </PanelTitle>
      <div className="panel-body">
        {!session && <div className="tree-note">Not debugging.</div>}
        {session?.status === 'running' && frames.length === 0 && <div className="tree-note">Running…</div>}
        {session?.status === 'stopped' && frames.length === 0 && <PendingRow />}
        {rowsOf(frames, showLibrary).map((row) =>
          'frame' in row && isLabel(row.frame) ? (
            <div key={`label-${row.index}`} className="row frame-label" role="separator" data-testid="frame-label" data-frame-index={row.index}>
              {row.frame.name}
            </div>
          ) : 'folded' in row ? (
            <div
              key={`folded-${row.index}`}
              className="row frame subtle folded"
              data-testid="library-frames"
              title="Frames of the standard library and installed packages: click to show them"
              tabIndex={0}
              onClick={() => setShowLibrary(true)}
              onKeyDown={rowKeyDown(() => setShowLibrary(true), '.row.frame')}
            >
              <span className="frame-name">⋯ {row.folded} library frame{row.folded === 1 ? '' : 's'}</span>
            </div>
          ) : (
            frameRow(row.frame, row.index)
          ),
        )}
      </div>
    </section>
  )
}

type StackRow = { frame: DebugProtocol.StackFrame; index: number } | { folded: number; index: number }

/** The rows to show: each run of library frames below the top frame (the first that is not a label) folds into one row unless shown. */
function rowsOf(frames: readonly DebugProtocol.StackFrame[], showLibrary: boolean): StackRow[] {
  const rows: StackRow[] = []
  const top = frames.findIndex((f) => !isLabel(f))
  frames.forEach((frame, index) => {
    const fold = !showLibrary && index > top && frame.presentationHint === 'subtle'
    const last = rows[rows.length - 1]
    if (!fold) rows.push({ frame, index })
    else if (last && 'folded' in last) last.folded++
    else rows.push({ folded: 1, index })
  })
  return rows
}
