import { create } from 'zustand';
import type { OpsError } from '../../../shared/contract/index.js';

interface EventErrorState {
  /** The latest event the contract rejected; such events are dropped, so the user must know. */
  error: OpsError | null;
  count: number;
  report: (error: OpsError) => void;
  dismiss: () => void;
}

export const useEventErrorStore = create<EventErrorState>()((set) => ({
  error: null,
  count: 0,
  report: (error) => set((state) => ({ error, count: state.count + 1 })),
  dismiss: () => set({ error: null, count: 0 }),
}));
