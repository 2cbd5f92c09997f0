// The exception the program stopped on, at the top of the editor: type, message, the traceback and the
// chained causes, with "Ignore at this location" and Close (Escape).
import { useEffect, useRef } from 'react'
import { exceptionChain } from '../debug/exceptionInfo'
import { useServices, useStore } from '../workbench/services'
import { icons } from './icons'
import { displayText } from './displayText'

/** Which moment stopped the program, as DAP's exceptionInfo breakMode tells it. */
const BREAK_MODE_TEXT: Record<string, string> = {
  always: 'raised',
  unhandled: 'uncaught',
  userUnhandled: 'leaving your code',
  never: 'stopped',
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

export function ExceptionWidget() {
  const { debug } = useServices()
  const exception = useStore(debug.store, (s) => s.session?.exception)
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (exception) box.current?.focus()
  }, [exception])
  if (!exception) return null
  const [own, ...causes] = exceptionChain(exception.details)
  const typeName = own?.typeName ?? exception.exceptionId
  const text = exception.description ?? own?.message
  return (
    <div
      className="exception-widget"
      data-testid="exception-widget"
      role="alertdialog"
      aria-label={`Exception: ${typeName}`}
      tabIndex={-1}
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          debug.closeExceptionWidget()
        }
      }}
    >
      <div className="exception-header">
        <span className="exception-type" data-testid="exception-type">{typeName}</span>
        {exception.breakMode && <span className="muted">({BREAK_MODE_TEXT[exception.breakMode]})</span>}
        <span className="title-actions">
          {exception.location && (
            <button
              className="tool"
              data-testid="exception-ignore"
              title={`Stop no more for exceptions raised at ${exception.location.path}:${exception.location.line} in this session`}
              onClick={() => void debug.ignoreExceptionHere()}
            >
              Ignore at {baseName(exception.location.path)}:{exception.location.line}
            </button>
          )}
          <button className="icon-button" data-testid="exception-close" title="Close (Escape)" aria-label="Close" onClick={() => debug.closeExceptionWidget()}>
            {icons.close}
          </button>
        </span>
      </div>
      {text && <div className="exception-message" data-testid="exception-message">{displayText(text)}</div>}
      {exception.ignoreError && <div className="error" data-testid="exception-ignore-error">Could not ignore this location: {exception.ignoreError}</div>}
      {own?.stackTrace && <pre className="exception-trace" data-testid="exception-trace">{displayText(own.stackTrace, 100_000)}</pre>}
      {causes.map((cause, i) => (
        <div key={i} className="exception-cause" data-testid="exception-cause">
          <div>
            <span className="muted">Inner exception: </span>
            <span className="exception-type">{cause.typeName ?? cause.fullTypeName ?? 'exception'}</span>
            {cause.message && <span>: {cause.message}</span>}
          </div>
          {cause.stackTrace && <pre className="exception-trace">{cause.stackTrace}</pre>}
        </div>
      ))}
    </div>
  )
}
