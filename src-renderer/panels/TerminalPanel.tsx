// The Terminal panel: a tab for the launched program's terminal (its output, and the keys it reads: on a pty it
// sees a TTY, so input(), colours and Ctrl+C work as in any terminal) and a tab per shell the user opens in the
// project folder. Every terminal stays mounted, so a tab keeps its screen while another is shown.
import { useEffect, useRef } from 'react'
import { keysFor } from '../workbench/keybindings'
import { useServices, useStore } from '../workbench/services'
import { PROGRAM_TAB, type ShellTab } from '../workbench/terminalsModel'
import type { TerminalFeedStats } from './terminalFeed'
import { useXterm, type XtermHandle } from './xtermView'

/** xterm needs \r\n; program output through pipes has bare \n (a pty's has \r\n already). */
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
    /** The foreground of the first cell of `text` in the program's terminal: an ANSI palette index, 'default', or
     * null when the text is not there. For the e2e tests. */
    __bugscopeTerminalColour?: (text: string) => number | 'default' | null
    /** The text on the screen of a terminal tab ('program' or a shell's id), for the e2e tests. */
    __bugscopeTerminalText?: (tab: string) => string | null
    /** The ids of the shell tabs, in order, for the e2e tests. */
    __bugscopeShellIds?: () => string[]
  }
}

const screens = new Map<string, XtermHandle>()

function screenText(handle: XtermHandle): string {
  const buffer = handle.term.buffer.active
  const lines: string[] = []
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '')
  return lines.join('\n').trimEnd()
}

export function TerminalPanel({ visible }: { visible: boolean }) {
  const { terminals } = useServices()
  const { tabs, active, opening } = useStore(terminals.store, (s) => s)
  const host = useRef<HTMLDivElement>(null)

  useEffect(() => {
    window.__bugscopeTerminalText = (tab) => {
      const handle = screens.get(tab)
      return handle ? screenText(handle) : null
    }
    window.__bugscopeShellIds = () => terminals.state.tabs.map((t) => t.id)
    return terminals.onFocusRequest.on(() => {
      const inTerminal = host.current?.contains(document.activeElement)
      if (inTerminal) (document.querySelector('.cm-content') as HTMLElement | null)?.focus()
      else screens.get(terminals.state.active)?.focus()
    })
  }, [terminals])

  return (
    <section className="panel terminal-panel" data-testid="terminal-panel" ref={host}>
      <div className="panel-title terminal-tabs" role="tablist" aria-label="Terminals">
        <button role="tab" className={`terminal-tab ${active === PROGRAM_TAB ? 'active' : ''}`} aria-selected={active === PROGRAM_TAB} data-testid="terminal-tab-program" onClick={() => terminals.activate(PROGRAM_TAB)}>
          Terminal
        </button>
        {tabs.map((tab) => (
          <span key={tab.id} className={`terminal-tab ${active === tab.id ? 'active' : ''}`} data-testid="terminal-tab-shell">
            <button role="tab" aria-selected={active === tab.id} className="terminal-tab-name" onClick={() => terminals.activate(tab.id)} title={tab.cwd}>
              {tab.title}
              {tab.exitCode !== undefined && <span className="terminal-tab-ended"> (ended)</span>}
            </button>
            <button className="terminal-tab-close" aria-label={`Close ${tab.title}`} title="Close this shell" onClick={() => void terminals.close(tab.id)}>
              ×
            </button>
          </span>
        ))}
        <button className="panel-title-button terminal-new" data-testid="new-shell" disabled={opening} title={`New shell in the project folder (${keysFor('newShell') ?? ''})`} aria-label="New shell terminal" onClick={() => void terminals.newShell()}>
          +
        </button>
      </div>
      <ProgramTerminal visible={visible && active === PROGRAM_TAB} />
      {tabs.map((tab) => (
        <ShellTerminal key={tab.id} tab={tab} visible={visible && active === tab.id} />
      ))}
    </section>
  )
}

/** The launched program's terminal: its output, and keys to it while it runs. */
function ProgramTerminal({ visible }: { visible: boolean }) {
  const { debug, terminals } = useServices()
  const parent = useRef<HTMLDivElement>(null)
  const running = useStore(debug.store, (s) => !!s.session && s.session.status !== 'terminating')
  const starting = useStore(debug.store, (s) => s.starting)

  useXterm(
    parent,
    {
      takesInput: () => debug.terminal.accepting,
      onData: (data) => debug.terminal.type(data),
      onResize: (size) => debug.terminal.resize(size),
      visible,
      inputKey: running,
    },
    (handle) => {
      const { term, feed, clipboardWritesRefused } = handle
      screens.set(PROGRAM_TAB, handle)
      window.__bugscopeTerminal = () => ({ ...feed.stats, clipboardWritesRefused: clipboardWritesRefused() })
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
      return () => {
        off()
        screens.delete(PROGRAM_TAB)
      }
    },
  )

  // A program starting shows its terminal.
  useEffect(() => {
    if (starting) terminals.activate(PROGRAM_TAB)
  }, [starting, terminals])

  return <div className="terminal-host" data-testid="terminal" ref={parent} hidden={!visible} />
}

function ShellTerminal({ tab, visible }: { tab: ShellTab; visible: boolean }) {
  const { terminals } = useServices()
  const parent = useRef<HTMLDivElement>(null)
  const ended = tab.exitCode !== undefined
  const endedRef = useRef(ended)
  endedRef.current = ended

  const handle = useXterm(
    parent,
    {
      takesInput: () => !endedRef.current,
      onData: (data) => terminals.type(tab.id, data),
      onResize: (size) => terminals.resize(size),
      visible,
      inputKey: ended,
    },
    (h) => {
      screens.set(tab.id, h)
      h.focus() // a new shell takes the keyboard, as a new terminal window does
      const off = terminals.onShellOutput.on(({ shellId, data }) => {
        if (shellId === tab.id) h.feed.push(data)
      })
      return () => {
        off()
        screens.delete(tab.id)
      }
    },
  )

  useEffect(() => {
    if (ended) handle.current?.feed.push(`\r\n\x1b[2m[the shell ended with status ${tab.exitCode}]\x1b[0m\r\n`)
  }, [ended, handle, tab.exitCode])

  return <div className="terminal-host" data-testid="shell-terminal" ref={parent} hidden={!visible} />
}
