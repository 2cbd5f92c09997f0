// The terminal: the debuggee's stdout/stderr (DAP output events) in xterm. Output is read-only for now.
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef } from 'react'
import { useServices } from '../workbench/services'
import { TerminalFeed, type TerminalFeedStats } from './terminalFeed'
import { useColorTheme } from '../workbench/useColorTheme'
import { terminalTheme } from './terminalTheme'

/** xterm needs \r\n; program output has bare \n (and sometimes \r\n already). */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n')
}

/** What the terminal has done with program output; read by the e2e tests and bench/terminal_flood.mjs. */
export interface TerminalCounters extends TerminalFeedStats {
  /** OSC 52 clipboard writes from the program that were refused. */
  clipboardWritesRefused: number
}

declare global {
  interface Window {
    __bugscopeTerminal?: () => TerminalCounters
    /** The foreground of the first cell of `text` in the terminal: an ANSI palette index, 'default', or null when
     * the text is not there. For the e2e tests (stderr is red). */
    __bugscopeTerminalColour?: (text: string) => number | 'default' | null
  }
}

export function TerminalPanel({ visible }: { visible: boolean }) {
  const { debug } = useServices()
  const parent = useRef<HTMLDivElement>(null)
  const fitRef = useRef<FitAddon | null>(null)
  const termRef = useRef<Terminal | null>(null)
  const theme = useColorTheme()
  const themeRef = useRef(theme)
  themeRef.current = theme

  useEffect(() => {
    const term = new Terminal({
      convertEol: false,
      disableStdin: true,
      // The workbench's monospace font (palette.css); xterm measures it, so it needs the names, not var().
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono-font').trim() || 'monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: terminalTheme(themeRef.current),
    })
    // The terminal takes no input: keys go on to the workbench (Tab moves the focus on, F5 continues, Ctrl+C
    // copies the selection), except Shift+PageUp/PageDown, which scroll the output.
    term.attachCustomKeyEventHandler((e) => e.shiftKey && (e.key === 'PageUp' || e.key === 'PageDown'))
    termRef.current = term
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(parent.current!)
    fitRef.current = fit
    // OSC 52 lets a program set the clipboard; output of the program being debugged must not. xterm honours
    // it only with the clipboard addon (not loaded); this handler claims the sequence first all the same.
    let clipboardWritesRefused = 0
    term.parser.registerOscHandler(52, () => {
      clipboardWritesRefused++
      return true
    })
    const feed = new TerminalFeed({ write: (chunk, done) => term.write(chunk, done) })
    window.__bugscopeTerminal = () => ({ ...feed.stats, clipboardWritesRefused })
    window.__bugscopeTerminalColour = (text) => {
      const buffer = term.buffer.active
      for (let y = 0; y < buffer.length; y++) {
        const line = buffer.getLine(y)
        const x = line?.translateToString(true).indexOf(text) ?? -1
        const cell = x >= 0 ? line!.getCell(x) : undefined
        if (cell) return cell.isFgPalette() ? cell.getFgColor() : 'default'
      }
      return null
    }
    const history = debug.programOutputHistory()
    if (history) feed.push(toTerminalText(history))
    const off = debug.onProgramOutput.on((text) => feed.push(toTerminalText(text)))
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
      feed.dispose()
      observer.disconnect()
      term.dispose()
      fitRef.current = null
      termRef.current = null
    }
  }, [debug])

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = terminalTheme(theme)
  }, [theme])

  useEffect(() => {
    if (visible) fitRef.current?.fit()
  }, [visible])

  return <div className="terminal-host" data-testid="terminal" ref={parent} />
}
