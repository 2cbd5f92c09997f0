// The terminal: the debuggee's stdout/stderr (DAP output events) in xterm. Output is read-only for now.
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef } from 'react'
import { useServices } from '../workbench/services'

/** xterm needs \r\n; program output has bare \n (and sometimes \r\n already). */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}

export function TerminalPanel({ visible }: { visible: boolean }) {
  const { debug } = useServices()
  const parent = useRef<HTMLDivElement>(null)
  const fitRef = useRef<FitAddon | null>(null)

  useEffect(() => {
    const term = new Terminal({
      convertEol: false,
      disableStdin: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: { background: '#181818', foreground: '#cccccc', cursor: '#181818' },
    })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(parent.current!)
    fitRef.current = fit
    const history = debug.programOutputHistory()
    if (history) term.write(toTerminalText(history))
    const off = debug.onProgramOutput.on((text) => term.write(toTerminalText(text)))
    const observer = new ResizeObserver(() => {
      try {
        fit.fit()
      } catch {
        // Not laid out yet (hidden tab).
      }
    })
    observer.observe(parent.current!)
    return () => {
      off()
      observer.disconnect()
      term.dispose()
      fitRef.current = null
    }
  }, [debug])

  useEffect(() => {
    if (visible) fitRef.current?.fit()
  }, [visible])

  return <div className="terminal-host" data-testid="terminal" ref={parent} />
}
