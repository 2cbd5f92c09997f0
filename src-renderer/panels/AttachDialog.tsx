// Attach to a program started with `python -m bugscope --listen`: host, port, token, TLS with the pinned
// fingerprint, path mappings, and shortcuts from local listeners, recent targets and launch.json.
import { useEffect, useState } from 'react'
import type { AttachArguments, AttachChoices, AttachTarget, LocalListener, PathMapping } from '../../src-preload/contract'
import { useServices, useStore } from '../workbench/services'

interface Form {
  host: string
  port: string
  token: string
  tls: boolean
  fingerprint: string
  mappings: PathMapping[]
}

const EMPTY: Form = { host: '127.0.0.1', port: '5678', token: '', tls: false, fingerprint: '', mappings: [] }

function fromTarget(t: AttachTarget & { token?: string }): Form {
  return { host: t.host, port: String(t.port), token: t.token ?? '', tls: t.tls, fingerprint: t.tlsFingerprint ?? '', mappings: t.pathMappings }
}

function fromListener(l: LocalListener): Form {
  return { host: l.host === '0.0.0.0' ? '127.0.0.1' : l.host, port: String(l.port), token: l.token ?? '', tls: l.tls, fingerprint: l.fingerprint ?? '', mappings: [] }
}

/** What is wrong with the form, or null when it can be submitted. */
export function formProblem(form: Form): string | null {
  const port = Number(form.port)
  if (!form.host.trim()) return 'Enter the host the program listens on.'
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port is a number from 1 to 65535.'
  if (!form.token.trim()) return 'Enter the token the program was started with.'
  if (form.tls && !form.fingerprint.trim()) return 'With TLS, paste the SHA-256 fingerprint the program printed.'
  if (form.mappings.some((m) => !m.localRoot.trim() || !m.remoteRoot.trim())) return 'Fill in or remove the empty path mapping.'
  return null
}

function toArguments(form: Form): AttachArguments {
  return {
    host: form.host.trim(),
    port: Number(form.port),
    token: form.token.trim(),
    tls: form.tls,
    tlsFingerprint: form.tls ? form.fingerprint.trim() : undefined,
    pathMappings: form.mappings.map((m) => ({ localRoot: m.localRoot.trim(), remoteRoot: m.remoteRoot.trim() })),
  }
}

export function AttachDialog() {
  const { workbench, debug, host, runConfigurations } = useServices()
  const open = useStore(workbench.store, (s) => s.attachDialogOpen)
  const [form, setForm] = useState<Form>(EMPTY)
  const [choices, setChoices] = useState<AttachChoices | null>(null)
  const [busy, setBusy] = useState(false)
  const [archive, setArchive] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    // F5 on a launch.json attach configuration without a token opens the dialog filled in with it.
    const preset = runConfigurations.takeAttachPreset()
    if (preset) setForm(fromTarget(preset))
    setChoices(null)
    host.tracerArchive().then(setArchive, () => setArchive(null))
    host.attachChoices().then(setChoices, (err: Error) =>
      setChoices({ recent: [], configurations: [], listeners: [], canStoreTokens: false, problems: [err.message] }),
    )
  }, [open, host, runConfigurations])

  if (!open) return null
  const close = () => workbench.setAttachDialogOpen(false)
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))
  const setMapping = (i: number, patch: Partial<PathMapping>) =>
    set({ mappings: form.mappings.map((m, j) => (j === i ? { ...m, ...patch } : m)) })
  const problem = formProblem(form)
  const submit = async () => {
    if (problem || busy) return
    setBusy(true)
    try {
      close()
      const { suspendPolicy } = workbench.state.settings
      await debug.attach({ ...toArguments(form), ...(suspendPolicy ? { suspendPolicy } : {}) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="modal-backdrop" data-testid="attach-dialog" onMouseDown={close}>
      <div className="modal attach" role="dialog" aria-label="Attach to a Program" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Attach to a Program</div>
        <p className="muted">
          Start it with <code>python -m bugscope --listen 127.0.0.1:5678 your_program.py</code>, then fill in what it printed.
        </p>
        <p className="muted" data-testid="attach-pyz">
          Another machine: copy{' '}
          {archive === null ? (
            <code>bugscope.pyz</code>
          ) : host.transport === 'web' ? (
            <a href="/bugscope.pyz" download data-testid="attach-pyz-download">
              bugscope.pyz
            </a>
          ) : (
            <code title="the one-file tracer">{archive}</code>
          )}{' '}
          there and run <code>python3 bugscope.pyz --listen 0.0.0.0:5678 --tls-self-signed your_program.py</code>; it prints the
          certificate fingerprint and where it wrote the token.
        </p>
        {choices && choices.listeners.length > 0 && (
          <div className="attach-list" data-testid="attach-listeners">
            <div className="attach-list-title">Bugscope programs on this machine</div>
            {choices.listeners.map((l) => (
              <button key={l.pid} className="attach-choice" data-testid="attach-listener" data-port={l.port} onClick={() => setForm(fromListener(l))}>
                {l.program ?? `pid ${l.pid}`} — {l.host}:{l.port}
                {l.tls ? ' · TLS' : ''} · pid {l.pid}
              </button>
            ))}
          </div>
        )}
        {choices && (choices.recent.length > 0 || choices.configurations.length > 0) && (
          <div className="attach-list" data-testid="attach-recent">
            <div className="attach-list-title">Recent and launch.json</div>
            {choices.recent.map((t) => (
              <button key={`r:${t.host}:${t.port}`} className="attach-choice" data-testid="attach-recent-target" onClick={() => setForm(fromTarget(t))}>
                {t.host}:{t.port}
                {t.tls ? ' · TLS' : ''}
                {t.token ? ' · token saved' : ''}
              </button>
            ))}
            {choices.configurations.map((c) => (
              <button key={`c:${c.name}`} className="attach-choice" data-testid="attach-configuration" onClick={() => setForm(fromTarget(c))}>
                {c.name} — {c.host}:{c.port}
              </button>
            ))}
          </div>
        )}
        {choices?.problems.map((p) => (
          <div key={p} className="muted attach-problem">
            {p}
          </div>
        ))}
        <div className="attach-grid">
          <label>
            Host
            <input data-testid="attach-host" spellCheck={false} value={form.host} onChange={(e) => set({ host: e.target.value })} />
          </label>
          <label>
            Port
            <input data-testid="attach-port" inputMode="numeric" value={form.port} onChange={(e) => set({ port: e.target.value })} />
          </label>
          <label className="wide">
            Token
            <input
              data-testid="attach-token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="BUGSCOPE_TOKEN of the program"
              value={form.token}
              onChange={(e) => set({ token: e.target.value })}
            />
          </label>
          <label className="check">
            <input data-testid="attach-tls" type="checkbox" checked={form.tls} onChange={(e) => set({ tls: e.target.checked })} /> TLS
          </label>
          {form.tls && (
            <label className="wide">
              Certificate fingerprint (SHA-256)
              <input
                data-testid="attach-fingerprint"
                spellCheck={false}
                placeholder="AB:CD:… as printed by --tls-self-signed"
                value={form.fingerprint}
                onChange={(e) => set({ fingerprint: e.target.value })}
              />
            </label>
          )}
        </div>
        <div className="attach-list-title">
          Path mappings <span className="muted">(suggested after attaching when left empty)</span>
        </div>
        {form.mappings.map((m, i) => (
          <div key={i} className="mapping-row" data-testid="attach-mapping">
            <input placeholder="local folder" spellCheck={false} value={m.localRoot} onChange={(e) => setMapping(i, { localRoot: e.target.value })} />
            <span>↔</span>
            <input placeholder="remote folder" spellCheck={false} value={m.remoteRoot} onChange={(e) => setMapping(i, { remoteRoot: e.target.value })} />
            <button title="Remove" onClick={() => set({ mappings: form.mappings.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </div>
        ))}
        <button className="link" data-testid="attach-add-mapping" onClick={() => set({ mappings: [...form.mappings, { localRoot: workbench.state.root ?? '', remoteRoot: '' }] })}>
          + Add mapping
        </button>
        {choices && !choices.canStoreTokens && <p className="muted">Tokens are not saved here: enter the token each time.</p>}
        <div className="modal-buttons">
          <span className="muted attach-problem" data-testid="attach-problem">
            {problem}
          </span>
          <button data-testid="attach-cancel" onClick={close}>
            Cancel
          </button>
          <button className="primary" data-testid="attach-ok" disabled={!!problem || busy} onClick={() => void submit()}>
            Attach
          </button>
        </div>
      </div>
    </div>
  )
}

/** Suggested path mappings for the attach session, waiting for the user's answer. */
export function PathMappingProposal() {
  const { debug } = useServices()
  const proposal = useStore(debug.store, (s) => s.pathMappingProposal)
  if (!proposal) return null
  return (
    <div className="notification info proposal" data-testid="path-mapping-proposal" role="alert">
      <span>
        The program's files seem to be{' '}
        {proposal.map((m) => (
          <span key={m.remoteRoot}>
            <code>{m.remoteRoot}</code> = your <code>{m.localRoot}</code>{' '}
          </span>
        ))}
        — map them, so breakpoints and frames use your files?
      </span>
      <button className="primary" data-testid="path-mapping-accept" onClick={() => debug.answerPathMappings(true)}>
        Map
      </button>
      <button data-testid="path-mapping-decline" onClick={() => debug.answerPathMappings(false)}>
        Not now
      </button>
    </div>
  )
}
