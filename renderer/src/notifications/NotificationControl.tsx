import { useNotificationPermission } from './permission-store.js';

/** Desktop notifications: asked for here, on a person's click, and its state said in words. */
export function NotificationControl() {
  const access = useNotificationPermission((state) => state.access);
  const request = useNotificationPermission((state) => state.request);
  return (
    <div className="notification-control">
      {access === 'default' && (
        <button type="button" onClick={() => void request()}>
          Enable desktop notifications
        </button>
      )}
      <p className="muted" role="status">
        {access === 'granted' && 'Desktop notifications are on for new critical alerts (at most one per environment a minute), incidents’ SLA warnings and breaches, and communications falling due.'}
        {access === 'default' && 'Desktop notifications are off.'}
        {access === 'denied' && 'Desktop notifications are blocked; allow them for this page in the browser or system settings.'}
        {access === 'unsupported' && 'This browser cannot show desktop notifications.'}
      </p>
    </div>
  );
}
