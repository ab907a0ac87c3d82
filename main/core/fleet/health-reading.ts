import type { EnvironmentState } from '../../../shared/contract/fleet.js';
import type { Health } from '../../../shared/contract/health.js';

/** One environment's health as the deploy rules read it: the health underneath, what is shown, and when it was last seen. */
export interface HealthReading extends Pick<EnvironmentState, 'status' | 'health' | 'observedAt'> {
  /** Since when the health underneath has been what it is: how long it has been steady. */
  healthSince: number;
}

const HEALTH_WORDS: Readonly<Record<Health, string>> = { critical: 'critical', warning: 'warning', unknown: 'unknown', ok: 'OK' };

function minutesAgo(at: number, now: number): string {
  return `${Math.max(0, Math.round((now - at) / 60_000))} min ago`;
}

/** Why a reading cannot vouch for an environment, or null when it can: no data, or data too old. */
export function untrustedBecause(reading: HealthReading): 'unknown' | 'stale' | null {
  if (reading.status === 'stale') return 'stale';
  if (reading.health === 'unknown') return 'unknown';
  return null;
}

/** What a person needs beside the health to weigh it: "under a silence", "stale, last seen OK 12 min ago", "unknown, never observed". */
export function readingNote(reading: HealthReading, now: number): string | null {
  const seen = reading.observedAt === null ? 'never observed' : `last seen ${reading.health === 'unknown' ? '' : `${HEALTH_WORDS[reading.health]} `}${minutesAgo(reading.observedAt, now)}`;
  const untrusted = untrustedBecause(reading);
  if (untrusted !== null) return `${untrusted}, ${seen}`;
  // Past stale and unknown, only a silence (of the environment, or of the alert that makes it worse) shows something else.
  if (reading.status !== reading.health) return 'under a silence';
  return null;
}
