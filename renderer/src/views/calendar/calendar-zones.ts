import type { CalendarView } from '../../../../shared/contract/calendar.js';
import { normalizeZone } from './calendar-model.js';

/** A zone the week view can show a ruler of hours for, and who reads time in it. */
export interface ZoneColumn {
  timeZone: string;
  /** "You", region names, "UTC": a zone shared by several is one column. */
  readers: string[];
}

type Region = CalendarView['regions'][number];

/** The viewer's zone first, then each region's in the calendar's order, then UTC; each zone once. */
export function zoneCandidates(viewerZone: string, regions: readonly Region[]): ZoneColumn[] {
  const columns = new Map<string, ZoneColumn>();
  const add = (zone: string, reader: string) => {
    const timeZone = normalizeZone(zone);
    const column = columns.get(timeZone);
    if (column === undefined) columns.set(timeZone, { timeZone, readers: [reader] });
    else if (!column.readers.includes(reader)) column.readers.push(reader);
  };
  add(viewerZone, 'You');
  for (const region of regions) add(region.timeZone, region.name);
  add('UTC', 'UTC');
  return [...columns.values()];
}

/**
 * Before a person chooses: their own zone, UTC, and the zones the windows are defined in or
 * serve, so a wall of cloud regions with no windows does not crowd the rulers.
 */
export function defaultZones(viewerZone: string, view: Pick<CalendarView, 'windows' | 'regions'>): string[] {
  const zones = new Set([normalizeZone(viewerZone), 'UTC']);
  const regionZones = new Map(view.regions.map((region) => [region.id, region.timeZone]));
  for (const window of view.windows) {
    zones.add(normalizeZone(window.definition.timeZone));
    for (const regionId of window.definition.scope.regions ?? []) {
      const zone = regionZones.get(regionId);
      if (zone !== undefined) zones.add(normalizeZone(zone));
    }
  }
  return [...zones];
}

/** The chosen columns in the candidates' order; a chosen zone no longer offered is dropped. */
export function chosenColumns(candidates: readonly ZoneColumn[], chosen: readonly string[]): ZoneColumn[] {
  const set = new Set(chosen);
  return candidates.filter((column) => set.has(column.timeZone));
}

export function describeReaders(column: ZoneColumn): string {
  return column.readers.join(', ');
}
