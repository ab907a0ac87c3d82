import { create } from 'zustand';
import { z } from 'zod';

const EXPANDED_KEY = 'watchfloor.fleetRegionsExpanded';
const ExpandedIds = z.array(z.string());

function storedExpanded(): ReadonlySet<string> {
  try {
    const parsed = ExpandedIds.safeParse(JSON.parse(localStorage.getItem(EXPANDED_KEY) ?? '[]'));
    return new Set(parsed.success ? parsed.data : []);
  } catch {
    return new Set();
  }
}

interface RegionSummaryState {
  /** Regions whose sites are shown under their summary line. */
  expanded: ReadonlySet<string>;
  toggle: (regionId: string) => void;
}

/** Which region lines are opened; remembered across sessions, so the summary stays as compact as the operator left it. */
export const useRegionSummaryStore = create<RegionSummaryState>()((set, get) => ({
  expanded: storedExpanded(),
  toggle: (regionId) => {
    const expanded = new Set(get().expanded);
    if (expanded.has(regionId)) expanded.delete(regionId);
    else expanded.add(regionId);
    try {
      localStorage.setItem(EXPANDED_KEY, JSON.stringify([...expanded]));
    } catch {
      // Without storage the choice lasts for this session only.
    }
    set({ expanded });
  },
}));
