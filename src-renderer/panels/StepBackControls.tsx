// Step back in the toolbar: the Rec toggle (record the program's lines for step back: a setting for new sessions,
// switched in the running one too), and Step Back / Reverse Continue while the stopped program is recorded.
import type { ReactElement } from 'react'
import { canStepBack } from '../debug/stepBack'
import { useServices, useStore } from '../workbench/services'

// Inline SVG like panels/icons.tsx (glyphs such as ⏺ and ⏪ are missing from many fonts).
const svg = (children: ReactElement | ReactElement[]) => (
  <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="icon">
    {children}
  </svg>
)
export const stepBackIcons = {
  record: svg(<circle cx="8" cy="8" r="4.5" fill="currentColor" />),
  stepBack: svg([
    <path key="a" d="M13.5 9a5.5 5.5 0 0 0-10.4-2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />,
    <path key="h" d="M2.2 3.2v4.2h4.2z" fill="currentColor" />,
    <circle key="d" cx="8" cy="13" r="1.7" fill="currentColor" />,
  ]),
  reverse: svg([<path key="a" d="M8 3.5v9L2.5 8z" fill="currentColor" />, <path key="b" d="M14 3.5v9L8.5 8z" fill="currentColor" />]),
}

export function StepBackControls() {
  const { workbench, debug } = useServices()
  const recording = useStore(workbench.store, (s) => s.settings.stepBack === true)
  const supported = useStore(debug.store, (s) => !!s.session?.capabilities.supportsStepBack)
  const enabled = useStore(debug.store, (s) => canStepBack(s.session, s.session?.capabilities ?? {}))
  const toggle = () => {
    void workbench.setStepBack(!recording)
    void debug.setStepBackRecording(!recording)
  }
  return (
    <>
      <button
        className={`tool debug-action btn-record ${recording ? 'on' : ''}`}
        data-testid="btn-record"
        aria-pressed={recording}
        title={recording ? 'Recording for step back: on (click to stop recording)' : 'Record the program\'s lines so that a stop can step back (slows the program\'s own code)'}
        onClick={toggle}
      >
        <span className="glyph">{stepBackIcons.record}</span> Rec
      </button>
      {supported && (
        <>
          <button className="tool debug-action" data-testid="btn-step-back" title="Step Back: one recorded line back (the past is read-only)" disabled={!enabled} onClick={() => void debug.stepBack()}>
            <span className="glyph">{stepBackIcons.stepBack}</span> Back
          </button>
          <button className="tool debug-action" data-testid="btn-reverse-continue" title="Reverse Continue: back to the last recorded line with a breakpoint" disabled={!enabled} onClick={() => void debug.reverseContinue()}>
            <span className="glyph">{stepBackIcons.reverse}</span> Reverse
          </button>
        </>
      )}
    </>
  )
}
