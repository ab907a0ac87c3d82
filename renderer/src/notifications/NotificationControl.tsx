import { isPaused } from '../../../shared/contract/notifications.js';
import { useNotificationPause, useSetNotificationPause } from './notification-pause.js';
import { useNotificationPermission } from './permission-store.js';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Desktop notifications: asked for here, on a person's click, paused and resumed here or from the tray, and their state said in words. */
export function NotificationControl() {
  const access = useNotificationPermission((state) => state.access);
  const request = useNotificationPermission((state) => state.request);
  const pause = useNotificationPause();
  const setPause = useSetNotificationPause();
  const paused = pause !== null && isPaused(pause, Date.now());
  return (
    <div className="notification-control">
      {access === 'default' && (
        <button type="button" onClick={() => void request()}>
          Enable desktop notifications
        </button>
      )}
      <p className="muted" role="status">
        {access === 'granted' && paused && pause.kind === 'until' && `Desktop notifications are paused until ${clock(pause.at)}.`}
        {access === 'granted' && paused && pause.kind === 'indefinite' && 'Desktop notifications are paused until resumed.'}
        {access === 'granted' &&
          !paused &&
          'Desktop notifications are on for new critical alerts (at most one per environment a minute), incidents’ SLA warnings and breaches, and communications falling due.'}
        {access === 'default' && 'Desktop notifications are off.'}
        {access === 'denied' && 'Desktop notifications are blocked; allow them for this page in the browser or system settings.'}
        {access === 'unsupported' && 'This browser cannot show desktop notifications.'}
      </p>
      {access === 'granted' &&
        (paused ? (
          <button type="button" disabled={setPause.isPending} onClick={() => setPause.mutate('resume')}>
            Resume notifications
          </button>
        ) : (
          <span className="notification-pause">
            <button type="button" disabled={setPause.isPending} onClick={() => setPause.mutate(30)}>
              Pause 30 min
            </button>
            <button type="button" disabled={setPause.isPending} onClick={() => setPause.mutate(60)}>
              Pause 1 h
            </button>
            <button type="button" disabled={setPause.isPending} onClick={() => setPause.mutate(null)}>
              Pause until resumed
            </button>
          </span>
        ))}
      {setPause.isError && <p role="alert">Notifications could not be paused or resumed: {setPause.error.message}</p>}
    </div>
  );
}
