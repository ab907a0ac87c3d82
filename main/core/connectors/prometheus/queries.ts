import type { z } from 'zod';
import type { CheckName, PrometheusBackend } from '../../../../shared/fleet-definition/schema.js';

export type PrometheusDefinition = z.infer<typeof PrometheusBackend>;

/**
 * The PromQL of each check, one series per host in the check's unit (health-rules.ts).
 * `$instance` is the instance label's name, `$hosts` the matcher selecting the watched hosts.
 * Infrastructure checks use node_exporter's metrics; the others use conventional names an
 * application exports (or a textfile collector writes):
 * - app-response: `http_request_duration_seconds` histogram, p95 in ms;
 * - database: `database_query_duration_seconds` histogram, p95 in ms;
 * - backup: `backup_last_success_timestamp_seconds` gauge, hours since;
 * - self-diagnosis: `background_service_up` gauge per background service (1 up, 0 failing).
 * A fleet file overrides any of them per backend (`queries`).
 */
export const DEFAULT_QUERIES: Readonly<Record<CheckName, string>> = {
  cpu: '100 * (1 - avg by ($instance) (rate(node_cpu_seconds_total{mode="idle",$hosts}[5m])))',
  memory: '100 * (1 - max by ($instance) (node_memory_MemAvailable_bytes{$hosts} / node_memory_MemTotal_bytes{$hosts}))',
  disk:
    '100 * max by ($instance) (1 - node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|squashfs|overlay|nsfs",$hosts}' +
    ' / node_filesystem_size_bytes{fstype!~"tmpfs|ramfs|squashfs|overlay|nsfs",$hosts})',
  // Dropped and failed packets of all interfaces but loopback; an idle host counts as no loss.
  network:
    '100 * sum by ($instance) (rate(node_network_receive_drop_total{device!="lo",$hosts}[5m]) + rate(node_network_transmit_drop_total{device!="lo",$hosts}[5m])' +
    ' + rate(node_network_receive_errs_total{device!="lo",$hosts}[5m]) + rate(node_network_transmit_errs_total{device!="lo",$hosts}[5m]))' +
    ' / clamp_min(sum by ($instance) (rate(node_network_receive_packets_total{device!="lo",$hosts}[5m]) + rate(node_network_transmit_packets_total{device!="lo",$hosts}[5m])), 1)',
  // The last hour's share of good scrapes, and 0 at once while the host does not answer.
  availability: '100 * min by ($instance) (up{$hosts} * avg_over_time(up{$hosts}[1h]))',
  io: '100 * max by ($instance) (rate(node_disk_io_time_seconds_total{$hosts}[5m]))',
  // node_exporter's systemd collector (--collector.systemd). A sum rather than a count, so a host with no failed unit reports 0 instead of nothing.
  services: 'sum by ($instance) (node_systemd_unit_state{state="failed",$hosts})',
  'app-response': '1000 * histogram_quantile(0.95, sum by ($instance, le) (rate(http_request_duration_seconds_bucket{$hosts}[5m])))',
  database: '1000 * histogram_quantile(0.95, sum by ($instance, le) (rate(database_query_duration_seconds_bucket{$hosts}[5m])))',
  backup: '(time() - max by ($instance) (backup_last_success_timestamp_seconds{$hosts})) / 3600',
  'self-diagnosis': 'sum by ($instance) (1 - background_service_up{$hosts})',
};

/**
 * Above this many hosts, a matcher listing them all costs Prometheus more than answering for
 * every host; the connector then asks for all and keeps the hosts it watches.
 */
const MAX_LISTED_HOSTS = 1000;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

function promString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The label matcher that selects these instances, e.g. `instance=~"web1:9100|web2:9100"`. */
export function hostMatcher(label: string, instances: readonly string[]): string {
  if (instances.length === 0 || instances.length > MAX_LISTED_HOSTS) return `${label}!=""`;
  const alternatives = [...new Set(instances)].map((instance) => instance.replace(REGEX_SPECIAL, '\\$&')).join('|');
  return `${label}=~${promString(alternatives)}`;
}

/** The check's PromQL for this backend, with `$instance` and `$hosts` filled in. */
export function checkQuery(definition: PrometheusDefinition, check: CheckName, matcher: string): string {
  const template = definition.queries?.[check] ?? DEFAULT_QUERIES[check];
  return template.replaceAll('$instance', () => definition.instanceLabel).replaceAll('$hosts', () => matcher);
}

/** Prometheus refuses more than 11,000 points per series; stay below it, and never below a second. */
const MAX_POINTS = 10_000;

export function rangeStepSeconds(startMs: number, endMs: number, requestedStepMs: number): number {
  return Math.max(1, Math.ceil(requestedStepMs / 1000), Math.ceil((endMs - startMs) / 1000 / MAX_POINTS));
}
