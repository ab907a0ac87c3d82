import type { LogLine } from '../../../../shared/contract/observations.js';
import type { Hit } from './elasticsearch-api.js';

/**
 * Recent error lines in Elastic Common Schema (ECS) terms: `@timestamp`, `log.level`, `message`,
 * `host.name`, `service.name`. Shippers write those fields either nested (`{"log": {"level"}}`)
 * or as dotted keys (`{"log.level"}`, as the ECS logging libraries do); both are read.
 */

/** The levels that count as errors, as loggers spell them (ECS keeps the logger's own word). */
export const ERROR_LEVELS = ['error', 'ERROR', 'Error', 'err', 'fatal', 'FATAL', 'critical', 'CRITICAL', 'crit', 'emerg', 'alert'];

/** The `_search` body: newest first, since a time, error levels only, narrowed by the binding's query string. */
export function errorSearch(since: number, limit: number, queryString: string | undefined): Record<string, unknown> {
  const filter: unknown[] = [
    { range: { '@timestamp': { gte: since, format: 'epoch_millis' } } },
    { terms: { 'log.level': ERROR_LEVELS } },
  ];
  if (queryString !== undefined) filter.push({ query_string: { query: queryString } });
  return {
    size: limit,
    // An index pattern may match an index without @timestamp yet; it then sorts last instead of failing the search.
    sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }],
    track_total_hits: false,
    query: { bool: { filter } },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A field of a document, whether stored nested, under its dotted name, or partly both. */
export function fieldOf(source: Record<string, unknown>, field: string): unknown {
  if (field in source) return source[field];
  for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) {
    const head = source[field.slice(0, dot)];
    if (isObject(head)) {
      const found = fieldOf(head, field.slice(dot + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** When the line was written: the sort value (epoch ms for a date field) or else `@timestamp`. */
function timeOf(hit: Hit, source: Record<string, unknown>): number | null {
  const sorted = hit.sort?.[0];
  if (typeof sorted === 'number') return Math.trunc(sorted);
  const stamp = fieldOf(source, '@timestamp');
  const ms = typeof stamp === 'number' ? stamp : typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  return Number.isNaN(ms) ? null : Math.trunc(ms);
}

/** A hit as a log line; a document without a readable time is not a log line and is left out. */
export function logLineOf(hit: Hit): LogLine | null {
  const source = hit._source ?? {};
  const at = timeOf(hit, source);
  if (at === null) return null;
  return {
    at,
    level: text(fieldOf(source, 'log.level')) ?? 'error',
    message: text(fieldOf(source, 'message')) ?? text(fieldOf(source, 'error.message')) ?? '',
    server: text(fieldOf(source, 'host.name')),
    service: text(fieldOf(source, 'service.name')),
  };
}
