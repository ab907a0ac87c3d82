import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { expandWindow } from '../../../main/core/calendar/recurrence/expand.js';

/**
 * Every offset change of the six zones from 2024 to 2030, as Temporal reports it, and what a
 * window does at each: a start in the gap moves later by exactly the gap, a start in the
 * repeated hour takes the earlier instant, a window across the change lasts its elapsed time.
 */

const ZONES = ['Australia/Sydney', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'] as const;
const FROM = Temporal.Instant.from('2024-01-01T00:00:00Z');
const TO = Temporal.Instant.from('2031-01-01T00:00:00Z');
const RANGE = { from: FROM.epochMilliseconds, to: TO.epochMilliseconds };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Transition {
  zone: string;
  /** The first instant of the new offset, in the zone. */
  at: Temporal.ZonedDateTime;
  beforeMs: number;
  afterMs: number;
}

function transitionsOf(zone: string): Transition[] {
  const found: Transition[] = [];
  let cursor = FROM.toZonedDateTimeISO(zone);
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || Temporal.Instant.compare(next.toInstant(), TO) >= 0) return found;
    found.push({ zone, at: next, beforeMs: next.subtract({ nanoseconds: 1 }).offsetNanoseconds / 1e6, afterMs: next.offsetNanoseconds / 1e6 });
    cursor = next;
  }
}

const TRANSITIONS = ZONES.flatMap(transitionsOf);
const GAPS = TRANSITIONS.filter((t) => t.afterMs > t.beforeMs);
const REPEATS = TRANSITIONS.filter((t) => t.afterMs < t.beforeMs);
const label = (t: Transition) => `${t.zone} ${t.at.toPlainDateTime().toString({ smallestUnit: 'minute' })}`;
const minuteText = (plain: Temporal.PlainDateTime) => plain.toString({ smallestUnit: 'minute' });
const localAt = (epochMs: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime();

/** The local time on the old clock at which the clocks change ("02:00" when they jump from 02:00 to 03:00). */
const changeOnOldClock = (t: Transition) => t.at.subtract({ nanoseconds: 1 }).toPlainDateTime().round({ smallestUnit: 'minute', roundingMode: 'ceil' });

describe('the offset changes 2024–2030, from Temporal', () => {
  it('are two a year where the zone keeps daylight saving time, none in Kolkata or UTC', () => {
    const perZone = Object.fromEntries(ZONES.map((zone) => [zone, TRANSITIONS.filter((t) => t.zone === zone).length]));
    expect(perZone).toEqual({ 'Australia/Sydney': 14, 'Europe/London': 14, 'America/New_York': 14, 'Asia/Kolkata': 0, 'Pacific/Chatham': 14, UTC: 0 });
    expect(GAPS).toHaveLength(28);
    expect(REPEATS).toHaveLength(28);
  });
});

describe('a start inside the gap', () => {
  it.each(GAPS.map((t) => [label(t), t] as const))('%s moves later by exactly the gap', (_, t) => {
    const gapMinutes = (t.afterMs - t.beforeMs) / MINUTE;
    const requested = changeOnOldClock(t).add({ minutes: gapMinutes / 2 });
    const [occurrence, ...rest] = expandWindow({ start: minuteText(requested), timeZone: t.zone, duration: 'PT1H' }, RANGE);
    expect(rest).toEqual([]);
    expect(occurrence?.adjustment).toEqual({ kind: 'gap', requested: minuteText(requested), shiftedMinutes: gapMinutes });
    expect(occurrence?.start).toBe(t.at.epochMilliseconds + (gapMinutes / 2) * MINUTE);
    expect(localAt(occurrence?.start ?? 0, t.zone).equals(requested.add({ minutes: gapMinutes }))).toBe(true);
    expect(occurrence && occurrence.end - occurrence.start).toBe(HOUR);
  });

  it.each(GAPS.map((t) => [label(t), t] as const))('%s: a daily window through it is shifted on that day only', (_, t) => {
    const gapMinutes = (t.afterMs - t.beforeMs) / MINUTE;
    const requested = changeOnOldClock(t).add({ minutes: gapMinutes / 2 });
    const dayBefore = requested.subtract({ days: 1 });
    const occurrences = expandWindow({ start: minuteText(dayBefore), timeZone: t.zone, duration: 'PT2H', rrule: 'FREQ=DAILY;COUNT=3' }, RANGE);
    expect(occurrences.map((o) => o.requested)).toEqual([dayBefore, requested, requested.add({ days: 1 })].map(minuteText));
    expect(occurrences.map((o) => o.adjustment?.kind ?? null)).toEqual([null, 'gap', null]);
    expect(occurrences.map((o) => minuteText(localAt(o.start, t.zone)))).toEqual(
      [dayBefore, requested.add({ minutes: gapMinutes }), requested.add({ days: 1 })].map(minuteText),
    );
  });
});

describe('a start in the repeated hour', () => {
  it.each(REPEATS.map((t) => [label(t), t] as const))('%s takes the earlier instant', (_, t) => {
    const repeatMinutes = (t.beforeMs - t.afterMs) / MINUTE;
    const requested = t.at.toPlainDateTime().add({ minutes: repeatMinutes / 2 });
    const [occurrence, ...rest] = expandWindow({ start: minuteText(requested), timeZone: t.zone, duration: 'PT1H' }, RANGE);
    expect(rest).toEqual([]);
    expect(occurrence?.adjustment).toEqual({ kind: 'repeated', requested: minuteText(requested) });
    expect(occurrence?.start).toBe(t.at.epochMilliseconds - (repeatMinutes / 2) * MINUTE);
    expect(minuteText(localAt(occurrence?.start ?? 0, t.zone))).toBe(minuteText(requested));
    // It begins on the earlier clock: the changeover happens while it runs.
    expect(occurrence?.crossesOffsetChange).toBe(true);
  });
});

describe('a window across the change', () => {
  it.each(TRANSITIONS.map((t) => [label(t), t] as const))('%s lasts its elapsed duration; its local end moves by the offset change', (_, t) => {
    const requested = t.at.subtract({ hours: 3 }).toPlainDateTime();
    const [occurrence] = expandWindow({ start: minuteText(requested), timeZone: t.zone, duration: 'PT6H' }, RANGE);
    expect(occurrence).toMatchObject({ start: t.at.epochMilliseconds - 3 * HOUR, end: t.at.epochMilliseconds + 3 * HOUR, adjustment: null, crossesOffsetChange: true });
    const localEnd = localAt(occurrence?.end ?? 0, t.zone);
    expect(localEnd.equals(requested.add({ milliseconds: 6 * HOUR + t.afterMs - t.beforeMs }))).toBe(true);
  });

  it.each(TRANSITIONS.map((t) => [label(t), t] as const))('%s: a window that ends as the clocks change does not cross it', (_, t) => {
    const requested = t.at.subtract({ hours: 2 }).toPlainDateTime();
    const [occurrence] = expandWindow({ start: minuteText(requested), timeZone: t.zone, duration: 'PT2H' }, RANGE);
    expect(occurrence).toMatchObject({ end: t.at.epochMilliseconds, adjustment: null, crossesOffsetChange: false });
  });
});

describe('every day 2024–2030 at the times the clocks change', () => {
  const times = ZONES.flatMap((zone) => {
    const own = TRANSITIONS.filter((t) => t.zone === zone);
    const gap = own.find((t) => t.afterMs > t.beforeMs);
    const repeat = own.find((t) => t.afterMs < t.beforeMs);
    const clocks = [gap && changeOnOldClock(gap).add({ minutes: 30 }), repeat && repeat.at.toPlainDateTime().add({ minutes: 30 })]
      .filter((clock): clock is Temporal.PlainDateTime => clock !== undefined)
      .map((clock) => clock.toPlainTime().toString({ smallestUnit: 'minute' }));
    return (clocks.length > 0 ? clocks : ['02:30']).map((clock) => [zone, clock] as const);
  });

  it.each(times)('%s at %s: each start is what Temporal says, flagged when adjusted', (zone, clock) => {
    const occurrences = expandWindow({ start: `2023-12-31T${clock}`, timeZone: zone, duration: 'PT3H', rrule: 'FREQ=DAILY' }, RANGE);
    expect(occurrences.length).toBeGreaterThanOrEqual(2557);
    let adjusted = 0;
    for (const occurrence of occurrences) {
      const requested = Temporal.PlainDateTime.from(occurrence.requested);
      const earlier = requested.toZonedDateTime(zone, { disambiguation: 'compatible' });
      const later = requested.toZonedDateTime(zone, { disambiguation: 'later' });
      const shifted = !earlier.toPlainDateTime().equals(requested);
      const repeated = !shifted && later.epochMilliseconds !== earlier.epochMilliseconds;
      const ends = Temporal.Instant.fromEpochMilliseconds(occurrence.end).toZonedDateTimeISO(zone);
      expect({ start: occurrence.start, end: occurrence.end, kind: occurrence.adjustment?.kind ?? null, crosses: occurrence.crossesOffsetChange }).toEqual({
        start: earlier.epochMilliseconds,
        end: earlier.epochMilliseconds + 3 * HOUR,
        kind: shifted ? 'gap' : repeated ? 'repeated' : null,
        crosses: ends.offsetNanoseconds !== earlier.offsetNanoseconds,
      });
      if (occurrence.adjustment) adjusted++;
    }
    // Where the clocks change, this clock time is moved or repeated once a year or more; elsewhere never.
    expect(adjusted >= 7).toBe(TRANSITIONS.some((t) => t.zone === zone));
    expect(adjusted === 0).toBe(!TRANSITIONS.some((t) => t.zone === zone));
  });
});
