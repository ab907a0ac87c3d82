import { create } from 'zustand';

interface LinkErrorState {
  /** Why the last link (a `#environment/<id>`-style fragment) could not be opened. */
  message: string | null;
  report: (message: string) => void;
  dismiss: () => void;
}

export const useLinkErrorStore = create<LinkErrorState>()((set) => ({
  message: null,
  report: (message) => set({ message }),
  dismiss: () => set({ message: null }),
}));
