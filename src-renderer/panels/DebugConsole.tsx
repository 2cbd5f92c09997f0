// The debug console: session messages and REPL evaluation in the selected frame (Enter evaluates).
import { useEffect, useRef, useState } from 'react'
import { useServices, useStore } from '../workbench/services'

export function DebugConsole() {
  const { debug } = useServices()
  const lines = useStore(debug.store, (s) => s.console)
  const [input, setInput] = useState('')
  const history = useRef<string[]>([])
  const historyIndex = useRef(0)
  const output = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = output.current
    if (el) el.scrollTop = el.scrollHeight
  }, [lines])

  const submit = () => {
    const text = input.trim()
    if (!text) return
    history.current = [...history.current.filter((h) => h !== text), text].slice(-100)
    historyIndex.current = history.current.length
    setInput('')
    void debug.evaluate(text)
  }

  const recall = (delta: number) => {
    const h = history.current
    if (h.length === 0) return
    historyIndex.current = Math.min(Math.max(historyIndex.current + delta, 0), h.length)
    setInput(h[historyIndex.current] ?? '')
  }

  return (
    <div className="console">
      <div className="console-output" data-testid="console-output" ref={output}>
        {lines.map((l) => (
          <div key={l.id} className={`console-line ${l.kind}`} data-kind={l.kind}>
            {l.kind === 'input' ? `› ${l.text}` : l.text}
          </div>
        ))}
      </div>
      <div className="console-input-row">
        <span className="prompt">›</span>
        <input
          data-testid="console-input"
          spellCheck={false}
          placeholder="Evaluate an expression in the selected frame (Enter)"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit()
            else if (e.key === 'ArrowUp') recall(-1)
            else if (e.key === 'ArrowDown') recall(1)
          }}
        />
        <button className="link" data-testid="console-clear" title="Clear the console" onClick={() => debug.clearConsole()}>
          Clear
        </button>
      </div>
    </div>
  )
}
