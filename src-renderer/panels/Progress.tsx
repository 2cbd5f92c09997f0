// The debug adapter's long operations (starting a program, attaching: DAP progress events kept in the debug
// model): a thin indeterminate bar under the toolbar and the report's words in the status bar. Both appear only
// once a report has lasted a moment (styles.css), so a quick start does not flash them.
import { useEffect, useRef } from 'react'
import { currentProgress, progressText } from '../debug/progress'
import { useServices, useStore } from '../workbench/services'
import { Spinner } from './Pending'

export function ProgressBar() {
  const { debug } = useServices()
  const report = useStore(debug.store, (s) => currentProgress(s.progress))
  const track = useRef<HTMLDivElement>(null)
  const count = useRef(0)
  const key = report ? `${report.sessionId}/${report.progressId}` : undefined
  useEffect(() => {
    // How many reports the bar has shown: tests read it, since a start can be over before they look.
    if (key && track.current) track.current.dataset.progressShown = String(++count.current)
  }, [key])
  return (
    <div className="progress-track" ref={track} data-testid="progress" data-progress-shown="0">
      {report && (
        <div
          className={`progress-bar ${report.percentage === undefined ? 'indeterminate' : ''}`}
          data-testid="progress-bar"
          role="progressbar"
          aria-label={progressText(report)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={report.percentage}
        >
          <div className="progress-fill" style={report.percentage !== undefined ? { width: `${report.percentage}%` } : undefined} />
        </div>
      )}
    </div>
  )
}

export function ProgressStatus() {
  const { debug } = useServices()
  const report = useStore(debug.store, (s) => currentProgress(s.progress))
  if (!report) return null
  return (
    <span className="progress-status" data-testid="progress-status" title={progressText(report)}>
      <Spinner />
      {report.message || report.title}
    </span>
  )
}
