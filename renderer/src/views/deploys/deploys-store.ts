import { create } from 'zustand';
import type { DriftFilter } from './deploys-model.js';

interface DeploysState {
  /** The deployment whose detail is open. */
  selectedId: string | null;
  matrixText: string;
  matrixDrift: DriftFilter;
  select: (id: string | null) => void;
  setMatrixText: (text: string) => void;
  setMatrixDrift: (drift: DriftFilter) => void;
}

export const useDeploysStore = create<DeploysState>()((set) => ({
  selectedId: null,
  matrixText: '',
  matrixDrift: 'all',
  select: (selectedId) => set({ selectedId }),
  setMatrixText: (matrixText) => set({ matrixText }),
  setMatrixDrift: (matrixDrift) => set({ matrixDrift }),
}));
