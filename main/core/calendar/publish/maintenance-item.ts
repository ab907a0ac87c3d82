import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { MaintenanceItem, WatchedEnvironment } from '../../connectors/capabilities.js';
import type { ResolvedScope } from '../scope.js';

export const SERIES = 'series';

/** The item key of a whole series; an occurrence's key is `<window id>@<requested local start>`. */
export function seriesKey(windowId: string): string {
  return `${windowId}@${SERIES}`;
}

export function occurrenceKey(windowId: string, requested: string): string {
  return `${windowId}@${requested}`;
}

/** The requested local start named by an occurrence key, or null for a series key. */
export function requestedOf(key: string): string | null {
  const at = key.lastIndexOf('@');
  const requested = at < 0 ? '' : key.slice(at + 1);
  return requested === '' || requested === SERIES ? null : requested;
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
