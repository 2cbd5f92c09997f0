// The debug console: session messages and REPL evaluation in the selected frame. Enter evaluates, Shift+Enter
// starts a new line (for a block), Tab completes names, attributes and keys, Up/Down recall earlier input.
// Results with children expand like variables.
import type { DebugProtocol } from '@vscode/debugprotocol'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useServices, useStore } from '../workbench/services'
import { VariableNode } from './VariableTree'
import { displayText } from './displayText'

/** `text` with a completion applied at the caret; returns the new text and caret position. */
export function applyCompletion(text: string, caret: number, item: DebugProtocol.CompletionItem): { text: string; caret: number } {
  const lineStart = text.lastIndexOf('\n', caret - 1) + 1
  const insert = item.text ?? item.label
  // The tracer gives `start` (0-based within the line) and `length` of what the completion replaces.
  const from = item.start !== undefined ? lineStart + item.start : caret
  const to = item.length !== undefined ? from + item.length : caret
  return { text: text.slice(0, from) + insert + text.slice(Math.max(to, caret)), caret: from + insert.length }
}

export function DebugConsole() {
  const { debug } = useServices()
  const lines = useStore(debug.store, (s) => s.console)
  const [input, setInput] = useState('')
  const [choices, setChoices] = useState<DebugProtocol.CompletionItem[]>([])
  const history = useRef<string[]>([])
  const historyIndex = useRef(0)
  const output = useRef<HTMLDivElement>(null)
  const field = useRef<HTMLTextAreaElement>(null)
  const pendingCaret = useRef<number | null>(null)

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
    setChoices([])
    void debug.evaluate(input.replace(/\s+$/, ''))
  }

  const recall = (delta: number) => {
    const h = history.current
    if (h.length === 0) return
    historyIndex.current = Math.min(Math.max(historyIndex.current + delta, 0), h.length)
    setInput(h[historyIndex.current] ?? '')
  }

  const choose = (item: DebugProtocol.CompletionItem) => {
    const applied = applyCompletion(input, field.current?.selectionStart ?? input.length, item)
    pendingCaret.current = applied.caret // placed when React has written the new text (below), not a frame later
    setInput(applied.text)
    setChoices([])
  }

  useLayoutEffect(() => {
    const caret = pendingCaret.current
    pendingCaret.current = null
    if (caret !== null) field.current?.setSelectionRange(caret, caret)
  }, [input])

  const complete = async () => {
    const el = field.current
    const caret = el?.selectionStart ?? input.length
    const before = input.slice(0, caret)
    const line = before.split('\n').length
    const column = caret - (before.lastIndexOf('\n') + 1) + 1
    const asked = input
    const items = await debug.completions(input, column, line)
    if (field.current && field.current.value !== asked) return // typed on meanwhile: the answer is for old text
    if (items.length === 1) choose(items[0])
    else setChoices(items.slice(0, 50))
  }

  const rows = Math.min(8, input.split('\n').length)
  return (
    <div className="console">
      <div className="console-output" data-testid="console-output" ref={output}>
        {lines.map((l) =>
          l.reference ? (
            <div key={l.id} className={`console-line ${l.kind}`} data-kind={l.kind}>
              <VariableNode variable={{ name: '', value: l.text, variablesReference: l.reference, indexedVariables: l.indexed }} parentKey={`console:${l.id}`} depth={0} />
            </div>
          ) : (
            <div key={l.id} className={`console-line ${l.kind}`} data-kind={l.kind}>
              {l.kind === 'input' ? `› ${l.text}` : displayText(l.text)}
            </div>
          ),
        )}
      </div>
      {choices.length > 0 && (
        <div className="console-completions" data-testid="console-completions" role="listbox">
          {choices.map((c) => (
            <span key={c.label} className="console-completion" role="option" aria-selected={false} data-testid="console-completion" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(c)}>
              {c.label}
            </span>
          ))}
        </div>
      )}
      <div className="console-input-row">
        <span className="prompt">›</span>
        <textarea
          ref={field}
          data-testid="console-input"
          spellCheck={false}
          rows={rows}
          placeholder="Evaluate in the selected frame (Enter; Shift+Enter: new line; Tab: complete)"
          value={input}
          onChange={(e) => {
            setInput(e.target.value)
            setChoices([])
          }}
          onKeyDown={(e) => {
            const multiLine = input.includes('\n')
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              submit()
            } else if (e.key === 'Tab' && !e.shiftKey && input.trim()) {
              // Tab completes what is typed; in an empty field it moves the focus on, so the keyboard is never trapped.
              e.preventDefault()
              void complete()
            } else if (e.key === 'Escape') setChoices([])
            else if (e.key === 'ArrowUp' && !multiLine) recall(-1)
            else if (e.key === 'ArrowDown' && !multiLine) recall(1)
          }}
        />
        <button className="link" data-testid="console-clear" title="Clear the console" onClick={() => debug.clearConsole()}>
          Clear
        </button>
      </div>
    </div>
  )
}
