import { create } from 'zustand';

export type NotificationAccess = NotificationPermission | 'unsupported';

function currentAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

interface PermissionState {
  access: NotificationAccess;
  /** Asked only from a button: a prompt on load is noise, and browsers ignore one without a user gesture. */
  request: () => Promise<void>;
}

export const useNotificationPermission = create<PermissionState>()((set) => ({
  access: currentAccess(),
  request: async () => {
    if (typeof Notification === 'undefined') return;
    await Notification.requestPermission();
    set({ access: currentAccess() });
  },
}));
