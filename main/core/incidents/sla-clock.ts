import type { SlaClockView, StatusChange } from '../../../shared/contract/incidents.js';
import { durationMs, type HoldReason, type IncidentsDefinition, type Severity } from '../../../shared/fleet-definition/incidents.js';
import { isOpen } from '../../../shared/contract/incidents.js';
import { runningMsBetween, runningSpans, slaCalendarOf, type SlaCalendar } from './sla-calendar.js';

/**
 * The two SLA clocks of an incident, from its status history:
 * - response runs from the declaration while the incident is in triage, and stops for good
 *   when it first leaves triage (someone has taken it up);
 * - resolution runs while the incident is open, and stops when it is resolved, closed or
 *   cancelled; a reopened incident's clock goes on from where it stopped, the time it spent
 *   resolved counted as a pause.
 * Both count only while the SLA calendar runs, and not while a hold the severity pauses on
 * (waiting for the customer) lasts. Targets are in clock time; the breach and warning instants
 * are where that much clock time has run, found by walking the calendar's spans, so they fall
 * where the local clocks say whatever DST does.
 */

export interface SlaTerms {
  /** ISO 8601 targets. */
  response: string;
  resolution: string;
  pauseOn: readonly HoldReason[];
  calendar: SlaCalendar;
  /** Percentages of the target, ascending. */
  warnAt: readonly number[];
}

export type PauseReason = HoldReason | 'resolved';

export interface SlaPause {
  from: number;
  /** null: still paused. */
  to: number | null;
  reason: PauseReason;
}

/** A warning and a clock as the contract shows them; the core's clock adds when it started and stopped and its pauses. */
export type SlaWarning = SlaClockView['warnings'][number];

export type SlaClock = Omit<SlaClockView, 'kind' | 'source'> & {
  startedAt: number;
  /** When the clock stopped for good (response given, incident resolved or cancelled); null while it can still run. */
  stoppedAt: number | null;
  pauses: SlaPause[];
};

export interface SlaClocks {
  response: SlaClock;
  resolution: SlaClock;
}

/** The terms of a severity under the fleet file's incidents section. */
export function slaTermsOf(incidents: IncidentsDefinition, severity: Severity): SlaTerms {
  const policy = incidents.severities[severity];
  return {
    response: policy.response,
    resolution: policy.resolution,
    pauseOn: policy.pauseOn,
    calendar: slaCalendarOf(incidents, severity),
    warnAt: incidents.warnAt,
  };
}

type Mode = { kind: 'count' } | { kind: 'pause'; reason: PauseReason } | { kind: 'stop' };

interface Phase {
  from: number;
  /** Exclusive; `now` for the last one. */
  to: number;
  mode: Mode;
}

/** The clocks as they stand at `now`. history[0] is the declaration; entries after `now` are not yet. */
export function slaClocks(terms: SlaTerms, history: readonly StatusChange[], now: number): SlaClocks {
  const held = (change: StatusChange): HoldReason | null => (change.hold !== null && terms.pauseOn.includes(change.hold) ? change.hold : null);
  const response = phasesOf(history, now, (change) => {
    if (change.status !== 'triage') return { kind: 'stop' };
    const hold = held(change);
    return hold ? { kind: 'pause', reason: hold } : { kind: 'count' };
  });
  const resolution = phasesOf(history, now, (change) => {
    if (change.status === 'resolved') return { kind: 'pause', reason: 'resolved' };
    if (!isOpen(change.status)) return { kind: 'stop' };
    const hold = held(change);
    return hold ? { kind: 'pause', reason: hold } : { kind: 'count' };
  });
  return {
    response: clockOf(terms.response, terms, response, now),
    resolution: clockOf(terms.resolution, terms, resolution, now),
  };
}

/**
 * The history as phases of one clock up to now. A stop is final (later phases are dropped), and
 * time resolved that is not followed by a reopening is the clock stopping, not pausing: from
 * the resolution on, even when the incident was closed later.
 */
function phasesOf(history: readonly StatusChange[], now: number, modeOf: (change: StatusChange) => Mode): Phase[] {
  // A stable sort: changes recorded at the same instant keep their order.
  const changes = history.filter((change) => change.at <= now).sort((a, b) => a.at - b.at);
  const phases: Phase[] = [];
  for (const [index, change] of changes.entries()) {
    const mode = modeOf(change);
    const to = changes[index + 1]?.at ?? now;
    const last = phases.at(-1);
    if (last && sameMode(last.mode, mode)) last.to = to;
    else phases.push({ from: change.at, to, mode });
    if (mode.kind === 'stop') break;
  }
  const last = phases.at(-1);
  const resolved = (phase: Phase | undefined) => phase?.mode.kind === 'pause' && phase.mode.reason === 'resolved';
  if (resolved(last)) return [...phases.slice(0, -1), { ...(last as Phase), mode: { kind: 'stop' } }];
  const beforeLast = phases.at(-2);
  if (last?.mode.kind === 'stop' && beforeLast && resolved(beforeLast)) return [...phases.slice(0, -2), { ...last, from: beforeLast.from }];
  return phases;
}

function sameMode(a: Mode, b: Mode): boolean {
  return a.kind === b.kind && (a.kind !== 'pause' || (b.kind === 'pause' && a.reason === b.reason));
}

function clockOf(target: string, terms: SlaTerms, phases: Phase[], now: number): SlaClock {
  const targetMs = durationMs(target) ?? 0;
  const startedAt = phases[0]?.from ?? now;
  const last = phases.at(-1);
  const state = last === undefined || last.mode.kind === 'stop' ? 'stopped' : last.mode.kind === 'pause' ? 'paused' : 'running';
  const counting = phases.filter((phase) => phase.mode.kind === 'count');
  const warnAt = [...terms.warnAt].sort((a, b) => a - b);
  const { elapsedMs, reachedAt } = runClock(terms.calendar, counting, [...warnAt.map((percent) => (targetMs * percent) / 100), targetMs], state === 'running');
  const breachAt = reachedAt[warnAt.length] ?? null;
  return {
    target,
    targetMs,
    state,
    startedAt,
    stoppedAt: state === 'stopped' && last ? last.from : null,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    pauses: phases.flatMap((phase) =>
      phase.mode.kind === 'pause' ? [{ from: phase.from, to: phase === last ? null : phase.to, reason: phase.mode.reason }] : [],
    ),
    breached: elapsedMs >= targetMs,
    breachAt,
    warnings: warnAt.map((percent, index) => {
      const at = reachedAt[index] ?? null;
      return { percent, at, passed: at !== null && at <= now };
    }),
  };
}

/**
 * One walk over the calendar's spans within the counting phases: the clock time counted, and
 * the instant each amount of clock time (ascending) was reached. A running clock's walk goes on
 * past now to project the amounts not yet reached; one that is paused or stopped projects nothing.
 */
function runClock(calendar: SlaCalendar, counting: readonly Phase[], amounts: readonly number[], running: boolean): { elapsedMs: number; reachedAt: Array<number | null> } {
  const reachedAt: Array<number | null> = amounts.map(() => null);
  let counted = 0;
  let next = 0;
  const walk = (from: number, to: number, projecting: boolean) => {
    for (const [start, end] of runningSpans(calendar, from)) {
      if (start >= to) return;
      const length = Math.min(end, to) - start;
      for (let amount = amounts[next]; amount !== undefined && amount <= counted + length; amount = amounts[next]) {
        reachedAt[next] = start + (amount - counted);
        next += 1;
      }
      counted += length;
      if (end >= to || (projecting && next >= amounts.length)) return;
    }
  };
  for (const phase of counting) walk(phase.from, phase.to, false);
  const elapsedMs = counted;
  const lastCounted = counting.at(-1);
  if (running && lastCounted && next < amounts.length) walk(lastCounted.to, Number.POSITIVE_INFINITY, true);
  return { elapsedMs, reachedAt };
}

/**
 * A clock computed at `at` as it stands at `now`, for a history with no change after `at`: the
 * phases are the same but for the last one reaching on to `now`, so a running clock has counted
 * the calendar's time between on top, and the instants it reaches were already projected at `at`
 * (a paused or stopped one reached all of its own before `at`). What `slaClocks` answers at `now`,
 * without walking the history and the calendar again.
 */
export function clockLater(clock: SlaClock, calendar: SlaCalendar, at: number, now: number): SlaClock {
  if (clock.state !== 'running' || now === at) return clock;
  const elapsedMs = clock.elapsedMs + runningMsBetween(calendar, at, now);
  return {
    ...clock,
    elapsedMs,
    remainingMs: clock.targetMs - elapsedMs,
    breached: elapsedMs >= clock.targetMs,
    warnings: clock.warnings.map((warning) => ({ ...warning, passed: warning.at !== null && warning.at <= now })),
  };
}
