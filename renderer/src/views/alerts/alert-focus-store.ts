import { create } from 'zustand';
import { viewHref } from '../../app/hash-route.js';

interface AlertFocusState {
  /** An alert to bring into view and focus in the Alerts view, e.g. after its notification was clicked. */
  key: string | null;
  focus: (key: string) => void;
  done: () => void;
}

export const useAlertFocusStore = create<AlertFocusState>()((set) => ({
  key: null,
  focus: (key) => {
    set({ key });
    window.location.hash = viewHref('alerts');
  },
  done: () => set({ key: null }),
}));
