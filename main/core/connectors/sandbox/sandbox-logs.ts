import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { LogLine } from '../../../../shared/contract/observations.js';
import { hashOf, pick, seededRandom } from './random.js';
import type { FaultPeriod } from './sandbox-history.js';

const MINUTE = 60_000;
/** Routine errors (not tied to a fault) can show up once in each such bucket. */
const NOISE_BUCKET = 10 * MINUTE;
const NOISE_CHANCE = 0.2;

/** What the application logs while a check is failing, and which of its services says it. */
const FAULT_LINES: Readonly<Record<CheckName, { service: string; message: string }>> = {
  cpu: { service: 'web', message: 'Request queue saturated: all worker threads busy for 30 s' },
  memory: { service: 'report-delivery', message: 'OutOfMemoryError while rendering report; request aborted' },
  disk: { service: 'storage', message: 'Write failed: no space left on device (/var/lib/app/data)' },
  network: { service: 'web', message: 'Connection reset by peer while calling the database (retry 3/3)' },
  availability: { service: 'load-balancer', message: 'Health probe failed: HTTP 503 from /healthz' },
  io: { service: 'storage', message: 'Disk flush took 2400 ms; writes are queueing' },
  services: { service: 'scheduler', message: 'Service app-scheduler stopped unexpectedly (exit code 137)' },
  'app-response': { service: 'web', message: 'Request took longer than 3000 ms: GET /api/rosters/week' },
  database: { service: 'database', message: 'Query timed out after 30 s: timesheet interpretation batch' },
  backup: { service: 'backup', message: 'Nightly backup failed: snapshot could not be written to the backup site' },
  'self-diagnosis': { service: 'self-diagnosis', message: 'Background service message-parsing failed its self-check' },
};

const NOISE: ReadonlyArray<{ service: string; message: string }> = [
  { service: 'auth', message: 'Sign-in rejected: too many failed attempts for one account' },
  { service: 'communications', message: 'SMTP relay timed out; message requeued' },
  { service: 'report-delivery', message: 'PDF export failed: template "payslip" references a missing field' },
  { service: 'web', message: 'Client closed the connection before the response was sent' },
  { service: 'message-parsing', message: 'Import file rejected: line 214 has 11 columns, expected 12' },
];

/** A line a minute while a fault lasts (from its start), within [since, now]. */
export function faultLines(fault: FaultPeriod, since: number, now: number): LogLine[] {
  const { service, message } = FAULT_LINES[fault.check];
  const lines: LogLine[] = [];
  const end = Math.min(fault.until, now + 1);
  for (let at = fault.from; at < end; at += MINUTE) {
    if (at >= since) lines.push({ at, level: 'error', message, server: fault.server, service });
  }
  return lines;
}

/** The odd error every application logs on a normal day, the same for the same seed and time. */
export function noiseLines(seed: number, env: string, servers: readonly string[], since: number, now: number): LogLine[] {
  const lines: LogLine[] = [];
  if (servers.length === 0) return lines;
  for (let bucket = Math.floor(since / NOISE_BUCKET); bucket * NOISE_BUCKET <= now; bucket++) {
    const hash = hashOf(seed, `noise:${env}:${bucket}`);
    if (hash / 2 ** 32 >= NOISE_CHANCE) continue;
    const random = seededRandom(hash);
    const at = bucket * NOISE_BUCKET + Math.floor(random() * NOISE_BUCKET);
    if (at < since || at > now) continue;
    const server = pick(random, servers);
    const { service, message } = pick(random, NOISE);
    lines.push({ at, level: 'error', message, server, service });
  }
  return lines;
}
