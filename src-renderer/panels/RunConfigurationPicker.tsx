// The toolbar's run configuration: "Debug current file", the launch.json configurations of the open folder, and
// "Add configuration…". F5 starts the chosen one. A broken launch.json shows as a warning that opens it at the error.
import '../runSetup.css'
import { CURRENT_FILE } from '../workbench/runConfigurations'
import { useServices, useStore } from '../workbench/services'

const ADD = '\u0000add'

export function RunConfigurationPicker() {
  const { runConfigurations, commands } = useServices()
  const folder = useStore(runConfigurations.store, (s) => s.folder)
  const list = useStore(runConfigurations.store, (s) => s.list)
  const chosen = useStore(runConfigurations.store, (s) => s.chosen)
  if (!folder) return null
  const configurations = list?.configurations ?? []
  // A remembered choice launch.json no longer has (or cannot be read) shows, and runs, as "Debug current file".
  const value = configurations.some((c) => c.name === chosen) ? chosen : CURRENT_FILE
  const error = list?.error
  return (
    <div className="run-configuration">
      <select
        data-testid="run-configuration"
        title="What Start (F5) runs: the file in the active editor, or a configuration of .vscode/launch.json"
        value={value}
        disabled={commands.phase() !== 'idle'}
        // Read launch.json again as the list opens: it may have been edited in another editor.
        onMouseDown={() => void runConfigurations.refresh()}
        onFocus={() => void runConfigurations.refresh()}
        onChange={(e) => {
          if (e.target.value === ADD) runConfigurations.setAddDialogOpen(true)
          else void runConfigurations.choose(e.target.value)
        }}
      >
        <option value={CURRENT_FILE}>Debug current file</option>
        {configurations.length > 0 && (
          <optgroup label="launch.json">
            {configurations.map((c) => (
              <option key={`${c.name}:${c.line}`} value={c.name} title={c.problems.join(' ') || undefined}>
                {c.name}
                {c.request === 'attach' ? ' (attach)' : ''}
                {c.problems.length ? ' ⚠' : ''}
              </option>
            ))}
          </optgroup>
        )}
        <option value={ADD}>Add configuration…</option>
      </select>
      {error && (
        <button
          className="tool launch-json-error"
          data-testid="launch-json-error"
          title={`.vscode/launch.json ${error.message}. Click to open it; "Debug current file" still works.`}
          onClick={() => runConfigurations.showLaunchJson()}
        >
          ⚠ launch.json{error.line ? `:${error.line}` : ''}
        </button>
      )}
    </div>
  )
}
