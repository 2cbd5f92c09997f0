// A one-line text field for editing in place (a watch expression, a filter condition): it opens with the
// current text and focused; Enter or leaving it commits, Escape cancels.
import { useState } from 'react'

export function EditField(props: {
  initial: string
  testId: string
  label: string
  placeholder?: string
  onCommit: (text: string) => void
  onCancel: () => void
}) {
  const [draft, setDraft] = useState(props.initial)
  return (
    <input
      className="inline-input"
      data-testid={props.testId}
      aria-label={props.label}
      placeholder={props.placeholder}
      spellCheck={false}
      autoFocus
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => props.onCommit(draft)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') props.onCommit(draft)
        else if (e.key === 'Escape') props.onCancel()
      }}
    />
  )
}
