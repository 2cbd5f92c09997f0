// "Add configuration…": a new entry for .vscode/launch.json from one of VS Code's Python templates (the current
// file, this file, a module, attach), written by the host into the file without touching the rest of it.
import { useEffect, useState } from 'react'
import type { LaunchJsonEntry } from '../../src-preload/contract'
import '../runSetup.css'
import { useServices, useStore } from '../workbench/services'

type Template = 'currentFile' | 'thisFile' | 'module' | 'attach'

interface Form {
  template: Template
  name: string
  module: string
  args: string
  host: string
  port: string
}

const DEFAULT_NAMES: Record<Template, string> = {
  currentFile: 'Python: Current File',
  thisFile: 'Python: File',
  module: 'Python: Module',
  attach: 'Python: Attach',
}

/** Words of an arguments field: spaces separate, quotes group. */
export function argumentWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

/** The launch.json entry a form describes, or what is missing. */
export function entryFor(form: Form, root: string, activePath: string | null): LaunchJsonEntry | string {
  const name = form.name.trim() || DEFAULT_NAMES[form.template]
  const args = argumentWords(form.args)
  const launch = { name, type: 'debugpy', request: 'launch' as const }
  switch (form.template) {
    case 'currentFile':
      return { ...launch, program: '${file}', ...(args.length ? { args } : {}), console: 'integratedTerminal' }
    case 'thisFile':
      if (!activePath) return 'Open the file first.'
      return { ...launch, program: activePath.startsWith(root + '/') ? `\${workspaceFolder}/${activePath.slice(root.length + 1)}` : activePath, ...(args.length ? { args } : {}), console: 'integratedTerminal' }
    case 'module':
      if (!/^[A-Za-z_][\w.]*$/.test(form.module.trim())) return 'Enter the module to run, as for python -m (e.g. pytest, mypkg.cli).'
      return { ...launch, module: form.module.trim(), ...(args.length ? { args } : {}), console: 'integratedTerminal' }
    case 'attach': {
      const port = Number(form.port)
      if (!form.host.trim()) return 'Enter the host the program listens on.'
      if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port is a number from 1 to 65535.'
      return { name, type: 'debugpy', request: 'attach', connect: { host: form.host.trim(), port }, pathMappings: [{ localRoot: '${workspaceFolder}', remoteRoot: '.' }] }
    }
  }
}

export function AddConfigurationDialog() {
  const { runConfigurations, workbench } = useServices()
  const open = useStore(runConfigurations.store, (s) => s.addDialogOpen)
  const root = useStore(workbench.store, (s) => s.root)
  const activePath = useStore(workbench.editor.store, (s) => s.activePath)
  const [form, setForm] = useState<Form>({ template: 'currentFile', name: '', module: '', args: '', host: '127.0.0.1', port: '5678' })
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (open) setForm((f) => ({ ...f, name: DEFAULT_NAMES[f.template] }))
  }, [open])
  if (!open || !root) return null
  const close = () => runConfigurations.setAddDialogOpen(false)
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))
  const entry = entryFor(form, root, activePath)
  const submit = async () => {
    if (typeof entry === 'string' || busy) return
    setBusy(true)
    await runConfigurations.add(entry)
    setBusy(false)
  }
  const choice = (template: Template, label: string) => (
    <label className="check">
      <input
        type="radio"
        name="template"
        data-testid={`add-config-${template}`}
        checked={form.template === template}
        onChange={() => set({ template, name: form.name === DEFAULT_NAMES[form.template] ? DEFAULT_NAMES[template] : form.name })}
      />{' '}
      {label}
    </label>
  )
  return (
    <div className="modal-backdrop" data-testid="add-config-dialog" onMouseDown={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal add-config" role="dialog" aria-label="Add configuration" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Add a configuration to .vscode/launch.json</div>
        <div className="add-config-templates">
          {choice('currentFile', 'Python file in the active editor (${file})')}
          {choice('thisFile', activePath ? `This file: ${activePath.split('/').pop()}` : 'This file (open one first)')}
          {choice('module', 'Module (python -m …)')}
          {choice('attach', 'Attach to a program started with python -m bugscope --listen')}
        </div>
        <label>
          Name
          <input data-testid="add-config-name" autoFocus spellCheck={false} value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        {form.template === 'module' && (
          <label>
            Module
            <input data-testid="add-config-module" spellCheck={false} placeholder="pytest" value={form.module} onChange={(e) => set({ module: e.target.value })} />
          </label>
        )}
        {form.template === 'attach' ? (
          <div className="add-config-row">
            <label>
              Host
              <input data-testid="add-config-host" spellCheck={false} value={form.host} onChange={(e) => set({ host: e.target.value })} />
            </label>
            <label>
              Port
              <input data-testid="add-config-port" inputMode="numeric" value={form.port} onChange={(e) => set({ port: e.target.value })} />
            </label>
          </div>
        ) : (
          <label>
            Arguments
            <input data-testid="add-config-args" spellCheck={false} placeholder='--verbose "two words"' value={form.args} onChange={(e) => set({ args: e.target.value })} />
          </label>
        )}
        <div className="modal-buttons">
          <span className="muted" data-testid="add-config-problem">
            {typeof entry === 'string' ? entry : ''}
          </span>
          <button data-testid="add-config-cancel" onClick={close}>
            Cancel
          </button>
          <button className="primary" data-testid="add-config-ok" disabled={typeof entry === 'string' || busy} onClick={() => void submit()}>
            Add
          </button>
        </div>
      </div>
    </div>
  )
}
