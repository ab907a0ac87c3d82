import { create } from 'zustand';

interface SelectionState {
  /** The environment whose detail panel is open. */
  selectedId: string | null;
  select: (id: string) => void;
  clear: () => void;
}

export const useSelectionStore = create<SelectionState>()((set) => ({
  selectedId: null,
  select: (selectedId) => set({ selectedId }),
  clear: () => set({ selectedId: null }),
}));
