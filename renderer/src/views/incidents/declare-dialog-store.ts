import { create } from 'zustand';

/** What the declare dialog was opened from: alerts, environments, or nothing (a blank declaration). */
export interface DeclareOpening {
  alertKeys: readonly string[];
  environmentIds: readonly string[];
}

interface DeclareDialogState {
  /** Mounted once beside the views, so it outlives the alert row or panel that opened it. */
  opening: DeclareOpening | null;
  /** New at each opening: a fresh form and a fresh idempotency key. */
  serial: number;
  open: (opening: DeclareOpening) => void;
  close: () => void;
}

export const useDeclareDialogStore = create<DeclareDialogState>()((set) => ({
  opening: null,
  serial: 0,
  open: (opening) => set((state) => ({ opening, serial: state.serial + 1 })),
  close: () => set({ opening: null }),
}));
