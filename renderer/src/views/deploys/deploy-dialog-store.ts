import { create } from 'zustand';
import type { DeployOpening } from './deploy-form.js';

interface DeployDialogState {
  /** The dialog open now, if any; mounted once for the whole app, so it outlives the button that opened it. */
  opening: DeployOpening | null;
  /** New at each opening: a new opening starts with a fresh form and a fresh idempotency key. */
  serial: number;
  open: (opening: DeployOpening) => void;
  close: () => void;
}

/** The one deploy and rollback dialog, opened from any view: a release, a matrix row, a stage, an alert row. */
export const useDeployDialogStore = create<DeployDialogState>()((set) => ({
  opening: null,
  serial: 0,
  open: (opening) => set((state) => ({ opening, serial: state.serial + 1 })),
  close: () => set({ opening: null }),
}));
