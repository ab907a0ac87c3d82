import { create } from 'zustand';

interface PaletteState {
  open: boolean;
  show: () => void;
  close: () => void;
}

/** The command palette (Ctrl+K / Cmd+K), mounted once beside the views. */
export const usePaletteStore = create<PaletteState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  close: () => set({ open: false }),
}));
