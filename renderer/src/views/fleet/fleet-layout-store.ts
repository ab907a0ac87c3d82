import { create } from 'zustand';

export const FLEET_LAYOUTS = ['table', 'grid', 'tree'] as const;
export type FleetLayout = (typeof FLEET_LAYOUTS)[number];

export const FLEET_LAYOUT_LABELS: Readonly<Record<FleetLayout, string>> = { table: 'Table', grid: 'Grid', tree: 'Tree' };

const LAYOUT_KEY = 'watchfloor.fleetLayout';

function isLayout(value: string | null): value is FleetLayout {
  return (FLEET_LAYOUTS as readonly (string | null)[]).includes(value);
}

function storedLayout(): FleetLayout {
  try {
    const value = localStorage.getItem(LAYOUT_KEY);
    return isLayout(value) ? value : 'table';
  } catch {
    return 'table';
  }
}

interface FleetLayoutState {
  layout: FleetLayout;
  setLayout: (layout: FleetLayout) => void;
}

/** How the Fleet view shows environments; remembered across sessions like the theme. */
export const useFleetLayoutStore = create<FleetLayoutState>()((set) => ({
  layout: storedLayout(),
  setLayout: (layout) => {
    try {
      localStorage.setItem(LAYOUT_KEY, layout);
    } catch {
      // Without storage the choice lasts for this session only.
    }
    set({ layout });
  },
}));
