import { AlertSeverity } from '../../../../shared/contract/alerts.js';
import type { BackendAlert } from '../capabilities.js';

/** Conventions of the Prometheus ecosystem for alerts, shared by the Prometheus and Alertmanager connectors. */

const encoder = new TextEncoder();
const SEPARATOR = 0xff;

/**
 * Prometheus's fingerprint of a label set (FNV-1a 64 over the sorted names and values, each
 * followed by 0xff), so an alert read from Prometheus and the same alert read from
 * Alertmanager have the same fingerprint. The 64-bit hash is kept in two 32-bit halves:
 * BigInt arithmetic per byte is too slow for thousands of alerts every poll.
 */
export function labelFingerprint(labels: Readonly<Record<string, string>>): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const addByte = (byte: number) => {
    lo ^= byte;
    // Multiply by the FNV prime 2^40 + 0x1b3.
    const low = (lo >>> 0) * 0x1b3;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x1_0000_0000) + (lo << 8)) >>> 0;
    lo = low >>> 0;
  };
  const add = (text: string) => {
    for (const byte of encoder.encode(text)) addByte(byte);
    addByte(SEPARATOR);
  };
  // Label names are ASCII, so code-unit order is Go's byte order.
  for (const name of Object.keys(labels).sort()) {
    add(name);
    add(labels[name] ?? '');
  }
  return hi.toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The `severity` label; an alert with an unknown or missing severity is still shown, as a warning. */
export function severityOf(label: string | undefined): AlertSeverity {
  const parsed = AlertSeverity.safeParse(label?.toLowerCase());
  return parsed.success ? parsed.data : 'warning';
}

export interface LabelledAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  silencedBy: string[];
}

/** An alert from its labels and annotations: `alertname`, `severity`, and the summary, description and runbook_url annotations. */
export function backendAlert(alert: LabelledAlert): BackendAlert {
  const { labels, annotations } = alert;
  const name = labels['alertname'] ?? 'unnamed alert';
  return {
    fingerprint: alert.fingerprint,
    name,
    severity: severityOf(labels['severity']),
    summary: annotations['summary'] ?? annotations['description'] ?? name,
    description: annotations['description'] ?? null,
    runbookUrl: annotations['runbook_url'] ?? null,
    labels,
    startsAt: alert.startsAt,
    silencedBy: alert.silencedBy,
  };
}
