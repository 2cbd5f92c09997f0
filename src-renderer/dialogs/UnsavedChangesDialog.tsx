// The editor's questions: close (or open another folder) with unsaved changes (Save / Don't Save / Cancel), and
// save over a file changed on disk (Overwrite / Reload / Cancel). Enter gives the first answer, Escape cancels.
import { useServices, useStore } from '../workbench/services'
import type { EditorPrompt, PromptAnswer } from '../workbench/editorModel'
import '../editorFiles.css'

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

function wording(prompt: EditorPrompt): { title: string; detail: string; answers: [PromptAnswer, string][] } {
  if (prompt.kind === 'saveConflict') {
    return {
      title: `${baseName(prompt.path)} changed on disk since it was opened.`,
      detail: 'Overwrite replaces it with your text. Reload takes the text on disk and drops your changes.',
      answers: [
        ['overwrite', 'Overwrite'],
        ['reload', 'Reload'],
        ['cancel', 'Cancel'],
      ],
    }
  }
  const names = prompt.paths.map(baseName)
  return {
    title:
      names.length === 1
        ? `Save the changes to ${names[0]}?`
        : `Save the changes to ${names.length} files (${names.join(', ')})?`,
    detail:
      prompt.reason === 'openFolder'
        ? "Opening another folder closes its editors: your changes are lost if you don't save them."
        : "Your changes are lost if you don't save them.",
    answers: [
      ['save', names.length === 1 ? 'Save' : 'Save All'],
      ['discard', "Don't Save"],
      ['cancel', 'Cancel'],
    ],
  }
}

export function UnsavedChangesDialog() {
  const { workbench } = useServices()
  const prompt = useStore(workbench.editor.store, (s) => s.prompt)
  if (!prompt) return null
  const { title, detail, answers } = wording(prompt)
  const answer = (a: PromptAnswer) => workbench.editor.answer(a)
  return (
    <div
      className="modal-backdrop"
      data-testid="unsaved-dialog"
      data-kind={prompt.kind}
      onMouseDown={() => answer('cancel')}
      onKeyDown={(e) => {
        // Keys stay in the dialog: the editor and the workbench's shortcuts must not see them.
        e.stopPropagation()
        if (e.key === 'Escape') {
          e.preventDefault()
          answer('cancel')
        } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
          e.preventDefault()
          answer(answers[0][0])
        }
      }}
    >
      <div className="modal unsaved-dialog" role="alertdialog" aria-modal="true" aria-label={title} onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">{title}</div>
        <p className="muted">{detail}</p>
        <div className="modal-buttons">
          {answers.map(([value, label], i) => (
            <button key={value} className={i === 0 ? 'primary' : undefined} data-testid={`prompt-${value}`} autoFocus={i === 0} onClick={() => answer(value)}>
              {label}
            </button>
          ))}
        </div>
      </div>
    </div>
  )
}
