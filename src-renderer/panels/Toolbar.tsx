// The title bar toolbar: Open Folder, the debug actions (enabled by session phase) and the interpreter setting.
import type { ReactElement } from 'react'
import { keysFor } from '../workbench/keybindings'
import { useServices, useStore } from '../workbench/services'
import { icons } from './icons'
import { RunConfigurationPicker } from './RunConfigurationPicker'
import { StepBackControls } from './StepBackControls'

interface ActionButton {
  testId: string
  label: string
  glyph: ReactElement
  title: string
  enabled: boolean
  run: () => void
}

export function Toolbar() {
  const { workbench, debug, commands, runConfigurations } = useServices()
  // Read the pieces the phase depends on so the toolbar re-renders when they change.
  useStore(debug.store, (s) => s.session?.status)
  useStore(debug.store, (s) => s.starting)
  useStore(workbench.editor.store, (s) => s.activePath)
  useStore(runConfigurations.store, (s) => s.chosen)
  useStore(runConfigurations.store, (s) => s.list)
  const python = useStore(workbench.store, (s) => s.settings.python)
  const phase = commands.phase()
  const stopped = phase === 'stopped'

  const actions: ActionButton[] = [
    { testId: 'btn-start', label: 'Start', glyph: icons.start, title: 'Start Debugging (F5)', enabled: commands.canStart(), run: () => void commands.start() },
    { testId: 'btn-run-to-crash', label: 'Run', glyph: icons.runToCrash, title: 'Run at full speed, stop only if it crashes (Ctrl+F5)', enabled: commands.canStart(), run: () => commands.runStoppingOnCrash() },
    { testId: 'btn-continue', label: 'Continue', glyph: icons.continue, title: 'Continue (F5)', enabled: stopped, run: () => commands.startOrContinue() },
    { testId: 'btn-pause', label: 'Pause', glyph: icons.pause, title: 'Pause (F6)', enabled: phase === 'running', run: () => commands.pause() },
    { testId: 'btn-step-over', label: 'Over', glyph: icons.stepOver, title: 'Step Over (F10)', enabled: stopped, run: () => commands.stepOver() },
    { testId: 'btn-step-in', label: 'Into', glyph: icons.stepIn, title: 'Step Into (F11)', enabled: stopped, run: () => commands.stepIn() },
    { testId: 'btn-step-out', label: 'Out', glyph: icons.stepOut, title: 'Step Out (Shift+F11)', enabled: stopped, run: () => commands.stepOut() },
    { testId: 'btn-stop', label: 'Stop', glyph: icons.stop, title: 'Stop (Shift+F5)', enabled: phase !== 'idle' && phase !== 'terminating', run: () => commands.stop() },
    { testId: 'btn-restart', label: 'Restart', glyph: icons.restart, title: `Restart (${keysFor('restart')})`, enabled: phase === 'running' || phase === 'stopped', run: () => commands.restart() },
  ]

  return (
    <header className="toolbar" data-testid="toolbar">
      <span className="brand">Bugscope</span>
      <button className="tool" data-testid="btn-open-folder" title="Open Folder…" onClick={() => void workbench.pickFolder()}>
        <span className="glyph folder">{icons.folder}</span> Open Folder
      </button>
      <button
        className="tool"
        data-testid="btn-attach"
        title="Attach to a program started with python -m bugscope --listen"
        disabled={phase !== 'idle'}
        onClick={() => workbench.setAttachDialogOpen(true)}
      >
        <span className="glyph">{icons.continue}</span> Attach
      </button>
      <RunConfigurationPicker />
      <div className="debug-actions" role="toolbar" aria-label="Debug actions">
        {actions.map((a) => (
          <button
            key={a.testId}
            className={`tool debug-action ${a.testId}`}
            data-testid={a.testId}
            title={a.title}
            disabled={!a.enabled}
            onClick={a.run}
          >
            <span className="glyph">{a.glyph}</span> {a.label}
          </button>
        ))}
        <StepBackControls />
      </div>
      <label className="python-setting" title="The default Python interpreter (empty: python3 on PATH); a project can choose its own in the status bar">
        <span>Python</span>
        <input
          data-testid="python-path"
          placeholder="python3 (on PATH)"
          spellCheck={false}
          value={python}
          onChange={(e) => workbench.editPython(e.target.value)}
          onBlur={() => void workbench.saveSettings()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void workbench.saveSettings()
          }}
        />
      </label>
    </header>
  )
}
