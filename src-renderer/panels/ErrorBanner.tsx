// Notifications: errors the user must see (a failed launch, an unreadable file), each dismissable.
import { useServices, useStore } from '../workbench/services'

export function ErrorBanner() {
  const { workbench } = useServices()
  const notifications = useStore(workbench.store, (s) => s.notifications)
  if (notifications.length === 0) return null
  return (
    <div className="notifications">
      {notifications.map((n) => (
        <div key={n.id} className={`notification ${n.kind}`} data-testid={n.kind === 'error' ? 'error-banner' : 'info-banner'} role="alert">
          <span className="notification-icon">{n.kind === 'error' ? '!' : 'i'}</span>
          <span className="notification-text">{n.message}</span>
          <button className="notification-close" data-testid="error-dismiss" title="Dismiss" onClick={() => workbench.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
