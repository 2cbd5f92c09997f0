// Call stack of the shown thread; clicking a frame shows its source line and its variables.
import { useServices, useStore } from '../workbench/services'

const baseName = (path?: string) => path?.split(/[\\/]/).pop() ?? ''

export function CallStackPanel() {
  const { debug } = useServices()
  const session = useStore(debug.store, (s) => s.session)
  const frames = session?.frames ?? []
  return (
    <section className="panel" data-testid="callstack">
      <div className="panel-title">Call Stack</div>
      <div className="panel-body">
        {!session && <div className="tree-note">Not debugging.</div>}
        {session?.status === 'running' && <div className="tree-note">Running…</div>}
        {session?.status === 'stopped' && frames.length === 0 && <div className="tree-note">Loading…</div>}
        {frames.map((f, i) => (
          <div
            key={f.id}
            className={`row frame ${f.id === session?.selectedFrameId ? 'selected' : ''} ${f.presentationHint === 'subtle' ? 'subtle' : ''}`}
            data-testid="frame"
            data-frame-index={i}
            data-name={f.name}
            data-line={f.line}
            title={`${f.source?.path ?? ''}:${f.line}`}
            onClick={() => void debug.selectFrame(f.id)}
          >
            <span className="frame-name">{f.name}</span>
            <span className="frame-loc">
              {baseName(f.source?.path ?? f.source?.name)}:{f.line}
            </span>
          </div>
        ))}
      </div>
    </section>
  )
}
