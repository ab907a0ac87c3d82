import type { AreaHandlers } from '../api/handlers.js';
import type { NotificationPauses } from './notification-pause.js';

export function notificationHandlers(pauses: NotificationPauses): AreaHandlers<'notifications.state' | 'notifications.pause' | 'notifications.resume'> {
  return {
    'notifications.state': () => pauses.state(),
    'notifications.pause': ({ minutes }) => pauses.pause(minutes),
    'notifications.resume': () => pauses.resume(),
  };
}
