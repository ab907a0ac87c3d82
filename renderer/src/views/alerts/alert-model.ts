import type { RowIdentity } from '../../components/held-list/held-rows.js';
import type { AlertSeverity, AlertView, Matcher } from '../../../../shared/contract/alerts.js';

export const SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/** Firing before silenced, then the worst, then the newest: what needs a person comes first. */
export function compareAlerts(a: AlertView, b: AlertView): number {
  if (a.state !== b.state) return a.state === 'active' ? -1 : 1;
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  if (a.startsAt !== b.startsAt) return b.startsAt - a.startsAt;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function orderAlerts(_criteria: unknown, alerts: readonly AlertView[]): readonly AlertView[] {
  return alerts.toSorted(compareAlerts);
}

/** An alert moves in the feed when its state, severity or start changes (see compareAlerts). */
export const ALERT_IDENTITY: RowIdentity<AlertView> = {
  keyOf: (alert) => alert.key,
  versionOf: (alert) => `${alert.state} ${alert.severity} ${alert.startsAt}`,
};

/** Runbook links come from the backend's annotations: only http(s) becomes a link, never `javascript:` and the like. */
export function safeLink(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function matcherOperator(matcher: Pick<Matcher, 'isRegex' | 'isEqual'>): string {
  return `${matcher.isEqual ? '=' : '!'}${matcher.isRegex ? '~' : matcher.isEqual ? '' : '='}`;
}

/** `environment="acme-prod"`, the way Alertmanager writes it. */
export function matcherText(matcher: Matcher): string {
  return `${matcher.name}${matcherOperator(matcher)}${JSON.stringify(matcher.value)}`;
}

export interface AlertCounts {
  critical: number;
  warning: number;
  info: number;
  silenced: number;
}

export function countAlerts(alerts: readonly AlertView[]): AlertCounts {
  const counts: AlertCounts = { critical: 0, warning: 0, info: 0, silenced: 0 };
  for (const alert of alerts) {
    if (alert.state === 'silenced') counts.silenced += 1;
    else counts[alert.severity] += 1;
  }
  return counts;
}
