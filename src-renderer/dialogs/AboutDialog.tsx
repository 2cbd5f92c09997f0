// Help ▸ About: what this is and which version (package.json's), and where it runs.
import icon from '../../build/icon.svg'
import { useServices, useStore } from '../workbench/services'
import { APP_VERSION } from '../version'

export function AboutDialog() {
  const { workbench, host } = useServices()
  const open = useStore(workbench.store, (s) => !!s.aboutOpen)
  if (!open) return null
  const close = () => workbench.setAboutOpen(false)
  return (
    <div className="modal-backdrop" data-testid="about-dialog" onMouseDown={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal about" role="dialog" aria-label="About Bugscope" onMouseDown={(e) => e.stopPropagation()}>
        <img src={icon} alt="" width={64} height={64} />
        <div>
          <div className="modal-title">Bugscope</div>
          <p>
            Version <span data-testid="about-version">{APP_VERSION}</span>
          </p>
          <p className="muted">A debugger for Python: a standard-library tracer that speaks the Debug Adapter Protocol, and this workbench.</p>
          <p className="muted">{host.transport === 'web' ? 'Browser mode' : 'Desktop app'}. What changed in each version: CHANGELOG.md.</p>
          <div className="modal-buttons">
            <button className="primary" data-testid="about-close" autoFocus onClick={close}>
              Close
            </button>
          </div>
        </div>
      </div>
    </div>
  )
}
