// One xterm.js terminal in a panel: the workbench's font and colours, fitted to its element as that resizes,
// keys routed between the program and the workbench (terminalKeys.ts), and program output that may not touch the
// clipboard. The program's terminal and each shell terminal are one of these.
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef, type RefObject } from 'react'
import type { TerminalSize } from '../../src-preload/contract'
import { useColorTheme } from '../workbench/useColorTheme'
import { TerminalFeed } from './terminalFeed'
import { TerminalKeyRouter } from './terminalKeys'
import { terminalTheme } from './terminalTheme'

export interface XtermOptions {
  /** Whether a program reads the keys now (asked on each key). */
  takesInput: () => boolean
  /** Keys typed, and text pasted (bracketed when the program asked for it). */
  onData: (data: string) => void
  /** The terminal's size in cells after a fit. */
  onResize: (size: TerminalSize) => void
  /** Shown (a hidden tab is not fitted: it has no size). */
  visible: boolean
  /** Re-read takesInput for the cursor when this changes. */
  inputKey?: unknown
}

export interface XtermHandle {
  term: Terminal
  feed: TerminalFeed
  /** OSC 52 clipboard writes from the program that were refused. */
  clipboardWritesRefused: () => number
  /** Gives the terminal the keyboard as the user's choice (a new shell, Ctrl+\`): Tab is the program's at once. */
  focus: () => void
}

/** Creates the terminal in `parent` once; `setup` runs after, and its return value runs at disposal. */
export function useXterm(parent: RefObject<HTMLDivElement | null>, options: XtermOptions, setup: (handle: XtermHandle) => () => void): RefObject<XtermHandle | null> {
  const handle = useRef<XtermHandle | null>(null)
  const fitRef = useRef<FitAddon | null>(null)
  const theme = useColorTheme()
  const latest = useRef(options)
  latest.current = options
  const themeRef = useRef(theme)
  themeRef.current = theme
  const setupRef = useRef(setup)

  useEffect(() => {
    const term = new Terminal({
      convertEol: false,
      // The workbench's monospace font (palette.css); xterm measures it, so it needs the names, not var().
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono-font').trim() || 'monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: terminalTheme(themeRef.current, latest.current.takesInput()),
    })
    const router = new TerminalKeyRouter()
    // Whether the user clicked or typed in the terminal since it got the focus (terminalKeys.ts: Tab).
    let typing = false
    term.attachCustomKeyEventHandler((e) => {
      const takes = router.route(e, { takesInput: latest.current.takesInput(), hasSelection: term.hasSelection(), typing })
      if (takes && e.type === 'keydown' && e.key !== 'Tab') typing = true
      return takes
    })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(parent.current!)
    const engage = () => (typing = true)
    const disengage = () => (typing = false)
    parent.current!.addEventListener('mousedown', engage)
    term.textarea?.addEventListener('blur', disengage)
    fitRef.current = fit
    // OSC 52 lets a program set the clipboard; output of the program being debugged must not. xterm honours
    // it only with the clipboard addon (not loaded); this handler claims the sequence first all the same.
    let clipboardWritesRefused = 0
    term.parser.registerOscHandler(52, () => {
      clipboardWritesRefused++
      return true
    })
    const data = term.onData((d) => {
      if (latest.current.takesInput()) latest.current.onData(d)
    })
    const resized = term.onResize(({ cols, rows }) => latest.current.onResize({ columns: cols, rows }))
    const feed = new TerminalFeed({ write: (chunk, done) => term.write(chunk, done) })
    const focus = () => {
      term.focus()
      typing = true
    }
    handle.current = { term, feed, clipboardWritesRefused: () => clipboardWritesRefused, focus }
    const teardown = setupRef.current(handle.current)
    const observer = new ResizeObserver(() => {
      if (!latest.current.visible) return
      try {
        fit.fit()
      } catch {
        // Not laid out yet.
      }
    })
    observer.observe(parent.current!)
    const element = parent.current!
    return () => {
      element.removeEventListener('mousedown', engage)
      term.textarea?.removeEventListener('blur', disengage)
      teardown()
      data.dispose()
      resized.dispose()
      feed.dispose()
      observer.disconnect()
      term.dispose()
      fitRef.current = null
      handle.current = null
    }
  }, [parent])

  useEffect(() => {
    const term = handle.current?.term
    if (term) term.options.theme = terminalTheme(theme, options.takesInput())
    // eslint-disable-next-line react-hooks/exhaustive-deps -- takesInput is read through inputKey
  }, [theme, options.inputKey])

  useEffect(() => {
    if (!options.visible) return
    try {
      fitRef.current?.fit()
      const term = handle.current?.term
      if (term) options.onResize({ columns: term.cols, rows: term.rows })
    } catch {
      // Not laid out yet.
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on showing
  }, [options.visible])

  return handle
}
