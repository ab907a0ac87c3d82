import type { MaintenanceItem, MaintenancePublisher, WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';

/** An environment as connectors see it, bound by its labels (Prometheus, Alertmanager) and tags (Datadog). */
export function watched(
  id: string,
  binding: { labels?: Record<string, string>; tags?: string[]; tenantId?: string; siteId?: string } = {},
): WatchedEnvironment {
  return {
    view: { id, name: id, tenantId: binding.tenantId ?? 'acme', regionId: 'apac', siteId: binding.siteId ?? 'syd-1', kind: 'production', watchedBy: 'sim', servers: 2, lifecycle: permanentPlan('UTC') },
    binding: {
      labels: binding.labels ?? { environment: id },
      tags: binding.tags ?? [`environment:${id}`],
      alertsFrom: [],
      logs: null,
      hosts: null,
    },
  };
}

const HOUR = 3_600_000;

/** A maintenance item as the publish service builds it: one occurrence two hours long, unless told otherwise. */
export function maintenanceItem(overrides: Partial<MaintenanceItem> & Pick<MaintenanceItem, 'marker'>): MaintenanceItem {
  const start = overrides.start ?? Date.now() + 7 * 24 * HOUR;
  return {
    title: 'APAC monthly patching',
    body: 'OS and database patching; the service may be unavailable for short periods.',
    start,
    end: start + 2 * HOUR,
    environments: [watched('acme-prod')],
    scopeIds: ['apac'],
    regions: [{ name: 'APAC', timeZone: 'Australia/Sydney' }],
    series: null,
    createdBy: 'noc@example.net',
    ...overrides,
  };
}

/** What the publish service does for an item it holds no record of: adopt what carries the marker, else create. */
export async function publishOnce(publisher: MaintenancePublisher, item: MaintenanceItem, signal: AbortSignal): Promise<string> {
  const found = await publisher.find(item.marker, signal);
  return found === null ? publisher.create(item, signal) : publisher.update(found, item, signal);
}
