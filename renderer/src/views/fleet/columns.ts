import type { SortKey } from '../../state/fleet-filter-store.js';

export interface Column {
  id: string;
  title: string;
  /** Absent for columns that do not sort. */
  sortKey?: SortKey;
}

export const COLUMNS: readonly Column[] = [
  { id: 'status', title: 'Status', sortKey: 'status' },
  { id: 'tenant', title: 'Tenant', sortKey: 'tenant' },
  { id: 'environment', title: 'Environment', sortKey: 'environment' },
  { id: 'kind', title: 'Kind', sortKey: 'kind' },
  { id: 'region', title: 'Region', sortKey: 'region' },
  { id: 'site', title: 'Site', sortKey: 'site' },
  { id: 'lifecycle', title: 'Ends', sortKey: 'lifecycle' },
  { id: 'reason', title: 'Reason' },
  { id: 'observed', title: 'Last observed', sortKey: 'observed' },
];

/** Fixed, so rows never reflow as data changes; the virtualizer and the row styles both use these. */
export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 38;
