import type { AlertSeverity } from '../../../../shared/contract/alerts.js';
import type { BackendAlert } from '../capabilities.js';
import type { Monitor } from './datadog-api.js';

/**
 * Datadog monitors as alerts. A multi-alert monitor (`by {host}`, `by {environment}`) becomes
 * one alert per triggered group, so each lands on the environment its group tags name.
 */

const SEVERITY: Record<string, AlertSeverity> = { Alert: 'critical', Warn: 'warning' };

function severityOf(state: string | undefined): AlertSeverity | undefined {
  return state === undefined ? undefined : SEVERITY[state];
}

/** `key:value` tags as labels; a tag without a value is kept with an empty one. */
export function tagLabels(tags: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    if (colon === -1) labels[tag] = '';
    else labels[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return labels;
}

/** `{{host.name}}` and friends, filled from the group's tags; other variables stay as written. */
function fillVariables(text: string, labels: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.-]+)\.name\s*\}\}/g, (whole, key: string) => labels[key] ?? whole);
}

/** Keeps the `{{#is_alert}}…{{/is_alert}}` parts that apply to this state and drops the others. */
function applyConditions(text: string, severity: AlertSeverity): string {
  return text.replace(/\{\{([#^])\s*(\w+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g, (_, mode: string, condition: string, inner: string) => {
    const holds = (condition === 'is_alert' && severity === 'critical') || (condition === 'is_warning' && severity === 'warning');
    return holds === (mode === '#') ? inner : '';
  });
}

const MARKDOWN_LINK = /\[([^\]]*)\]\((https?:\/\/[^\s)]+)\)/g;
const BARE_URL = /https?:\/\/[^\s)\]>"']+/g;

/** A runbook link in the message: one that says "runbook" if any, otherwise the first link. */
export function runbookOf(message: string): string | null {
  const links = [...message.matchAll(MARKDOWN_LINK)].map((match) => ({ text: match[1] ?? '', url: match[2] ?? '' }));
  const bare = [...message.matchAll(BARE_URL)].map((match) => ({ text: '', url: match[0] }));
  const all = [...links, ...bare];
  const runbook = all.find((link) => /runbook|playbook/i.test(`${link.text} ${link.url}`));
  return (runbook ?? all[0])?.url ?? null;
}

/** The message as a reader wants it: without notification handles (`@slack-ops`, `@pagerduty-x`). */
function readable(message: string): string | null {
  const text = message
    .replace(/(^|\s)@[\w.+-]+(@[\w.-]+)?/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

function startOf(monitor: Monitor, triggeredSeconds: number | undefined, now: number): number {
  if (triggeredSeconds !== undefined && triggeredSeconds > 0) return triggeredSeconds * 1000;
  const modified = Date.parse(monitor.modified ?? monitor.created ?? '');
  return Number.isNaN(modified) ? now : modified;
}

function activeDowntimes(monitor: Monitor, now: number): string[] {
  return (monitor.matching_downtimes ?? [])
    .filter((downtime) => (downtime.start ?? 0) * 1000 <= now && (downtime.end === null || downtime.end === undefined || downtime.end * 1000 > now))
    .map((downtime) => `downtime-${downtime.id}`);
}

export function alertsOf(monitor: Monitor, now: number): BackendAlert[] {
  const severity = severityOf(monitor.overall_state);
  if (!severity) return [];
  const monitorLabels = { ...tagLabels(monitor.tags ?? []), monitor_id: String(monitor.id) };
  const silencedBy = activeDowntimes(monitor, now);
  const groups = Object.entries(monitor.state?.groups ?? {}).filter(([name, group]) => name !== '*' && severityOf(group.status));
  // A simple monitor has one group, `*`, which still knows when it triggered.
  const whole = { status: monitor.overall_state, last_triggered_ts: monitor.state?.groups?.['*']?.last_triggered_ts };
  const targets = groups.length > 0 ? groups : [['', whole] as const];

  return targets.map(([group, state]) => {
    const groupSeverity = severityOf(state.status) ?? severity;
    const labels = { ...monitorLabels, ...(group === '' ? {} : tagLabels(group.split(','))) };
    const message = applyConditions(fillVariables(monitor.message ?? '', labels), groupSeverity);
    const name = fillVariables(monitor.name ?? `Monitor ${monitor.id}`, labels);
    return {
      fingerprint: group === '' ? `monitor-${monitor.id}` : `monitor-${monitor.id}/${group}`,
      name,
      severity: groupSeverity,
      summary: name,
      description: readable(message),
      runbookUrl: runbookOf(message),
      labels,
      startsAt: startOf(monitor, state.last_triggered_ts, now),
      silencedBy,
    };
  });
}
