import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { QuerySeries } from './datadog-api.js';

/**
 * Which Datadog metric query measures each check. `$scope` stands for the environment's tags;
 * every query groups by host so that each series is one server. The defaults use metrics the
 * standard Datadog Agent sends; a fleet file can override them or add the checks that have no
 * standard metric (application response, database, backups, self-diagnosis).
 */
export const DEFAULT_QUERIES: Partial<Record<CheckName, string>> = {
  cpu: 'avg:system.cpu.user{$scope} by {host} + avg:system.cpu.system{$scope} by {host}',
  memory: '100 - avg:system.mem.pct_usable{$scope} by {host} * 100',
  disk: 'max:system.disk.in_use{$scope} by {host} * 100',
  io: 'max:system.io.util{$scope} by {host}',
  network:
    '100 * (avg:system.net.packets_in.error{$scope} by {host} + avg:system.net.packets_out.error{$scope} by {host})' +
    ' / (avg:system.net.packets_in.count{$scope} by {host} + avg:system.net.packets_out.count{$scope} by {host})',
};

/** Datadog scope syntax: tags separated by commas all apply; `*` is everything. */
export function scoped(template: string, tags: readonly string[]): string {
  return template.replaceAll('$scope', tags.length > 0 ? tags.join(',') : '*');
}

/**
 * Several queries go in one request, separated by commas, and each answer series says which
 * one it belongs to (`query_index`). Batches stay under a URL length every proxy accepts.
 */
export function batched<T>(items: readonly T[], queryOf: (item: T) => string, maxLength = 4000): Array<{ items: T[]; query: string }> {
  const batches: Array<{ items: T[]; query: string }> = [];
  let current: { items: T[]; query: string } | undefined;
  for (const item of items) {
    const query = queryOf(item);
    if (current && current.query.length + 1 + query.length <= maxLength) {
      current.items.push(item);
      current.query += `,${query}`;
    } else {
      current = { items: [item], query };
      batches.push(current);
    }
  }
  return batches;
}

/** The host a series belongs to, from its tag set or, failing that, its scope. */
export function hostOf(series: QuerySeries): string | undefined {
  const tags = series.tag_set && series.tag_set.length > 0 ? series.tag_set : (series.scope ?? '').split(',');
  const tag = tags.find((candidate) => candidate.startsWith('host:'));
  return tag?.slice('host:'.length);
}

/** The most recent point with a value: Datadog leaves the last interval empty until it is complete. */
export function lastValue(series: QuerySeries): number | undefined {
  for (let i = series.pointlist.length - 1; i >= 0; i--) {
    const value = series.pointlist[i]?.[1];
    if (value !== null && value !== undefined) return value;
  }
  return undefined;
}
