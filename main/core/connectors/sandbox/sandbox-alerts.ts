import type { CheckName } from '../../../../shared/contract/fleet.js';
import { describeCheck, ruleOf } from '../../fleet/health-rules.js';
import type { BackendAlert } from '../capabilities.js';
import type { FaultRecord } from './simulation.js';
import { hashOf } from './random.js';

/** What an alert rule for each check would be called in a real Prometheus setup. */
const ALERT_NAMES: Readonly<Record<CheckName, string>> = {
  cpu: 'HostHighCpuLoad',
  memory: 'HostOutOfMemory',
  disk: 'HostOutOfDiskSpace',
  network: 'HostPacketLoss',
  availability: 'HostUnavailable',
  io: 'HostHighDiskIo',
  services: 'ServiceStopped',
  'app-response': 'SlowResponses',
  database: 'SlowDatabase',
  backup: 'BackupOverdue',
  'self-diagnosis': 'BackgroundServiceFailing',
};

export const RUNBOOK_BASE = 'https://runbooks.watchfloor.invalid';

/** A simulated fault as Alertmanager would hold the alert it fires: labelled like a real rule's. */
export function faultAlert(seed: number, fault: FaultRecord, startsAt: number, silencedBy: (labels: Record<string, string>) => string[]): BackendAlert {
  const rule = ruleOf(fault.check);
  const name = ALERT_NAMES[fault.check];
  const labels = { alertname: name, environment: fault.env, severity: fault.severity, instance: fault.server, check: fault.check };
  const limit = fault.severity === 'critical' ? rule.critical : rule.warning;
  return {
    // A fault that starts again later is a new alert, so the tick it started on is part of its identity.
    fingerprint: hashOf(seed, `${fault.server}:${fault.check}:${fault.startTick}`).toString(16).padStart(8, '0'),
    name,
    severity: fault.severity,
    summary: describeCheck(rule, fault.value, fault.server),
    description: `${rule.label} on ${fault.server} (${fault.env}) is ${rule.worse === 'above' ? 'above' : 'below'} its ${fault.severity} limit of ${limit}${rule.unit === '%' ? '%' : ` ${rule.unit}`}.`,
    runbookUrl: `${RUNBOOK_BASE}/${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
    labels,
    startsAt,
    silencedBy: silencedBy(labels),
  };
}
