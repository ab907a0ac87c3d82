import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { MaintenanceItem, WatchedEnvironment } from '../../connectors/capabilities.js';
import type { ResolvedScope } from '../scope.js';

export const SERIES = 'series';

/** The item key of a whole series. */
export function seriesKey(windowId: string): string {
  return `${windowId}@${SERIES}`;
}

/** The key an occurrence is shown and asked for by: `<window id>@<requested local start>`. */
export function occurrenceKey(windowId: string, requested: string): string {
  return `${windowId}@${requested}`;
}

/**
 * The key an occurrence is published under: `<window id>@<position in the series>`, as RFC 5545's
 * RECURRENCE-ID names an instance, so moving the window's time updates what was published in place.
 */
export function positionKey(windowId: string, position: number): string {
  return `${windowId}@${position}`;
}

function tailOf(key: string): string {
  const at = key.lastIndexOf('@');
  return at < 0 ? '' : key.slice(at + 1);
}

/** The position a published item's key names; null for a series key or one published before positions were used. */
export function positionOf(key: string): number | null {
  const tail = tailOf(key);
  return /^\d+$/.test(tail) ? Number(tail) : null;
}

/** The requested local start named by an occurrence key (or an item key published before positions), else null. */
export function requestedOf(key: string): string | null {
  const tail = tailOf(key);
  return tail.includes('T') ? tail : null;
}

export function markerOf(key: string): string {
  return `watchfloor:${key}`;
}

export function buildItem(args: {
  key: string;
  window: WindowDefinition;
  start: number;
  end: number;
  scope: ResolvedScope;
  environments: readonly WatchedEnvironment[];
  series: boolean;
  createdBy: string;
}): MaintenanceItem {
  const { window } = args;
  return {
    marker: markerOf(args.key),
    title: window.title,
    body: window.customerText ?? window.description ?? window.title,
    start: args.start,
    end: args.end,
    environments: args.environments,
    scopeIds: args.scope.scopeIds,
    regions: args.scope.regions.map((region) => ({ name: region.name, timeZone: region.timeZone })),
    series:
      args.series && window.rrule
        ? {
            rrule: window.rrule,
            start: window.start,
            timeZone: window.timeZone,
            durationMinutes: Temporal.Duration.from(window.duration).total({ unit: 'minutes' }),
          }
        : null,
    createdBy: args.createdBy,
  };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

/** A digest of what a scope reaches, computed once per window: a region can hold thousands of environments. */
export function scopeDigest(scope: ResolvedScope): string {
  return digest([scope.environments, scope.scopeIds]);
}

/** What the backend would be told, as a digest: an edit of any of it makes a published item outdated. */
export function fingerprintOf(item: MaintenanceItem, scopeDigestValue: string): string {
  return digest({ title: item.title, body: item.body, start: item.start, end: item.end, scope: scopeDigestValue, series: item.series });
}
