import { create } from 'zustand';

/** `connecting` until the first answer from the event stream; `reconnecting` once it has failed or dropped. */
export type LinkState = 'connecting' | 'live' | 'reconnecting';

interface ConnectionState {
  link: LinkState;
  changedAt: number;
  report: (connected: boolean) => void;
}

export const useConnectionStore = create<ConnectionState>()((set, get) => ({
  link: 'connecting',
  changedAt: Date.now(),
  report: (connected) => {
    const link: LinkState = connected ? 'live' : 'reconnecting';
    if (get().link !== link) set({ link, changedAt: Date.now() });
  },
}));
