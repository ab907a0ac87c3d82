import type { SlaClockView } from '../../../../shared/contract/incidents.js';

/** "2 h 05 min", "40 min", "35 s": a span in the largest units a person reads at a glance. */
export function formatSpan(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * Where a clock's remaining time stands `now`, from the core's answer at `asOf`: a running clock has
 * lost the time since, a paused or stopped one has not. The words say a breach, never a colour alone.
 */
export function remainingAt(clock: SlaClockView, asOf: number, now: number): number {
  return clock.state === 'running' ? clock.remainingMs - Math.max(0, now - asOf) : clock.remainingMs;
}

export function slaText(clock: SlaClockView, asOf: number, now: number): string {
  const remaining = remainingAt(clock, asOf, now);
  if (clock.state === 'stopped') return clock.breached ? `met late, breached by ${formatSpan(remaining)}` : 'met';
  if (remaining < 0) return `breached ${formatSpan(remaining)} ago`;
  return `${formatSpan(remaining)} left`;
}

/** "40 min before first alert", or after it for a change that came later. */
export function beforeFirstAlertText(ms: number): string {
  if (ms === 0) return 'at the first alert';
  return `${formatSpan(ms)} ${ms > 0 ? 'before' : 'after'} first alert`;
}

/** The most urgent warning a clock has passed: 50, 75, or 100 for the breach; null when none. */
export function passedLevel(clock: SlaClockView): number | null {
  if (clock.breached) return 100;
  let level: number | null = null;
  for (const warning of clock.warnings) if (warning.passed && (level === null || warning.percent > level)) level = warning.percent;
  return level;
}
