import { create } from 'zustand';
import type { Severity } from '../../../../shared/contract/incidents.js';

export type StatusFilter = 'open' | 'all';
export type SeverityFilter = Severity | 'all';

interface IncidentsState {
  status: StatusFilter;
  severity: SeverityFilter;
  setStatus: (status: StatusFilter) => void;
  setSeverity: (severity: SeverityFilter) => void;
}

/** The list's filters, kept while an incident's page is open, so going back finds the list as it was. */
export const useIncidentsStore = create<IncidentsState>()((set) => ({
  status: 'open',
  severity: 'all',
  setStatus: (status) => set({ status }),
  setSeverity: (severity) => set({ severity }),
}));
