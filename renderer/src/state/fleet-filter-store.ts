import { create } from 'zustand';
import type { HealthStatus, LifecycleState } from '../../../shared/contract/index.js';
import type { EnvironmentKind } from '../../../shared/fleet-definition/schema.js';

export type SortKey = 'status' | 'tenant' | 'environment' | 'kind' | 'region' | 'site' | 'lifecycle' | 'observed';
export type SortDirection = 'ascending' | 'descending';

export interface FleetFilters {
  regionId: string | null;
  kind: EnvironmentKind | null;
  status: HealthStatus | null;
  lifecycle: LifecycleState | null;
  search: string;
}

interface FleetFilterState extends FleetFilters {
  sortKey: SortKey;
  sortDirection: SortDirection;
  setRegion: (regionId: string | null) => void;
  toggleRegion: (regionId: string) => void;
  setKind: (kind: EnvironmentKind | null) => void;
  setStatus: (status: HealthStatus | null) => void;
  setLifecycle: (lifecycle: LifecycleState | null) => void;
  setSearch: (search: string) => void;
  sortBy: (key: SortKey) => void;
  clearFilters: () => void;
}

export const useFleetFilterStore = create<FleetFilterState>()((set) => ({
  regionId: null,
  kind: null,
  status: null,
  lifecycle: null,
  search: '',
  sortKey: 'status',
  sortDirection: 'ascending',
  setRegion: (regionId) => set({ regionId }),
  toggleRegion: (regionId) => set((state) => ({ regionId: state.regionId === regionId ? null : regionId })),
  setKind: (kind) => set({ kind }),
  setStatus: (status) => set({ status }),
  setLifecycle: (lifecycle) => set({ lifecycle }),
  setSearch: (search) => set({ search }),
  sortBy: (key) =>
    set((state) =>
      state.sortKey === key
        ? { sortDirection: state.sortDirection === 'ascending' ? 'descending' : 'ascending' }
        : { sortKey: key, sortDirection: 'ascending' },
    ),
  clearFilters: () => set({ regionId: null, kind: null, status: null, lifecycle: null, search: '' }),
}));
