import { Temporal } from 'temporal-polyfill';
import type { StartAdjustment } from '../../../../shared/contract/calendar.js';
import { DAY_MS, localLabel, plainDateTimeOfWall } from './calendar-days.js';

/**
 * Local wall-clock time to instant, per IANA zone, fast and without knowing any DST rule.
 *
 * Everything here comes from Temporal: the instants at which a zone's offset changes
 * (ZonedDateTime.getTimeZoneTransition) and the offset in force after each
 * (offsetNanoseconds). They are asked for lazily and kept per zone, so the zone is a list of
 * periods of constant offset. A wall time that only one period's local span can hold, and
 * that is not within reach of a changeover (a gap or a repeated hour) nor of the edge of
 * what has been asked, maps with that period's offset: plain subtraction. Anything else
 * goes through Temporal's own ZonedDateTime conversion with disambiguation 'compatible'
 * (RFC 5545 §3.3.5: a time in a gap moves later by the gap; a repeated one takes the first),
 * which also says how the start was adjusted. Nothing about DST is hand-written.
 */

/** More than the largest difference between two UTC offsets (-12:00 to +14:00), so no other period's local span reaches past it. */
const REACH_MS = 2 * DAY_MS;
/** How far beyond what is needed the transitions are asked for at once. */
const CHUNK_MS = 4 * 366 * DAY_MS;

export interface ResolvedStart {
  epochMs: number;
  adjustment: StartAdjustment | null;
  /** The first offset change after the start (epoch ms; Infinity when there is none). */
  nextChange: number;
}

export class ZoneOffsets {
  /** Instants (epoch ms) at which the offset changes, ascending. */
  private readonly transitions: number[] = [];
  /** offsets[k]: the offset (ms) in force before transitions[k]; the last one after the last transition. */
  private readonly offsets: number[];
  /** Every transition within [coveredFrom, coveredTo] is listed; ±Infinity when Temporal says there are no more. */
  private coveredFrom: number;
  private coveredTo: number;
  /** Per period, the wall-clock span in which that period alone holds a wall time. */
  private safeFrom: number[] = [];
  private safeTo: number[] = [];
  private wallStart: number[] = [];
  private hint = 0;

  constructor(
    readonly timeZone: string,
    around: number,
  ) {
    this.offsets = [offsetAt(timeZone, around)];
    this.coveredFrom = around;
    this.coveredTo = around;
    this.cover(around - CHUNK_MS, around + CHUNK_MS);
  }

  /** The instant a wall-clock time (ms on the local clock, see calendar-days) starts at, and how it was adjusted. */
  resolve(wall: number, out: ResolvedStart): ResolvedStart {
    const reach = wall - REACH_MS * 2 < this.coveredFrom || wall + REACH_MS * 2 > this.coveredTo;
    if (reach) this.cover(wall - REACH_MS * 2, wall + REACH_MS * 2);
    const k = this.periodOfWall(wall);
    if (wall >= (this.safeFrom[k] ?? Infinity) && wall < (this.safeTo[k] ?? -Infinity)) {
      out.epochMs = wall - (this.offsets[k] ?? 0);
      out.adjustment = null;
      out.nextChange = k < this.transitions.length ? (this.transitions[k] ?? Infinity) : this.coveredTo === Infinity ? Infinity : this.nextChangeAfter(out.epochMs);
      return out;
    }
    return this.resolveThroughTemporal(wall, out);
  }

  /** The first offset change strictly after an instant (Infinity when Temporal knows of none). */
  nextChangeAfter(epochMs: number): number {
    if (epochMs + REACH_MS > this.coveredTo) this.cover(epochMs, epochMs + REACH_MS);
    const list = this.transitions;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] ?? Infinity) <= epochMs) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? (list[lo] ?? Infinity) : this.coveredTo === Infinity ? Infinity : this.nextChangeAfter(this.coveredTo);
  }

  /** The offset changes within [fromMs, toMs): instant, offset before and offset after (ms). */
  transitionsBetween(fromMs: number, toMs: number): Array<{ at: number; before: number; after: number }> {
    this.cover(fromMs, toMs);
    const found: Array<{ at: number; before: number; after: number }> = [];
    this.transitions.forEach((at, k) => {
      if (at >= fromMs && at < toMs) found.push({ at, before: this.offsets[k] ?? 0, after: this.offsets[k + 1] ?? 0 });
    });
    return found;
  }

  /** The offset (ms) in force at an instant. */
  offsetAt(epochMs: number): number {
    this.cover(epochMs, epochMs);
    let k = 0;
    while (k < this.transitions.length && (this.transitions[k] ?? Infinity) <= epochMs) k++;
    return this.offsets[k] ?? 0;
  }

  private resolveThroughTemporal(wall: number, out: ResolvedStart): ResolvedStart {
    const requested = plainDateTimeOfWall(wall);
    const zoned = requested.toZonedDateTime(this.timeZone, { disambiguation: 'compatible' });
    out.epochMs = zoned.epochMilliseconds;
    out.nextChange = this.nextChangeAfter(out.epochMs);
    const actualWall = out.epochMs + zoned.offsetNanoseconds / 1e6;
    if (actualWall !== wall) {
      out.adjustment = { kind: 'gap', requested: localLabel(wall), shiftedMinutes: Math.round((actualWall - wall) / 60_000) };
    } else {
      const later = requested.toZonedDateTime(this.timeZone, { disambiguation: 'later' });
      out.adjustment = later.epochMilliseconds !== out.epochMs ? { kind: 'repeated', requested: localLabel(wall) } : null;
    }
    return out;
  }

  /** The period whose local span starts last at or before the wall time (a guess the safe span then confirms). */
  private periodOfWall(wall: number): number {
    const starts = this.wallStart;
    const h = this.hint;
    if ((starts[h] ?? Infinity) <= wall && (h + 1 >= starts.length || (starts[h + 1] ?? Infinity) > wall)) return h;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? Infinity) <= wall) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  private cover(fromMs: number, toMs: number): void {
    let changed = false;
    if (toMs > this.coveredTo) {
      this.extendForward(toMs + CHUNK_MS);
      changed = true;
    }
    if (fromMs < this.coveredFrom) {
      this.extendBackward(fromMs - CHUNK_MS);
      changed = true;
    }
    if (changed || this.wallStart.length === 0) this.computeSpans();
  }

  private extendForward(target: number): void {
    let zoned = Temporal.Instant.fromEpochMilliseconds(this.coveredTo).toZonedDateTimeISO(this.timeZone);
    while (this.coveredTo < target) {
      const next = zoned.getTimeZoneTransition('next');
      if (!next) {
        this.coveredTo = Infinity;
        return;
      }
      this.transitions.push(next.epochMilliseconds);
      this.offsets.push(next.offsetNanoseconds / 1e6);
      this.coveredTo = next.epochMilliseconds;
      zoned = next;
    }
  }

  private extendBackward(target: number): void {
    let zoned = Temporal.Instant.fromEpochMilliseconds(this.coveredFrom).toZonedDateTimeISO(this.timeZone);
    const found: number[] = [];
    while (this.coveredFrom > target) {
      const previous = zoned.getTimeZoneTransition('previous');
      if (!previous) {
        this.coveredFrom = -Infinity;
        break;
      }
      found.push(previous.epochMilliseconds);
      this.coveredFrom = previous.epochMilliseconds;
      zoned = previous;
    }
    for (const at of found) {
      this.transitions.unshift(at);
      this.offsets.unshift(offsetAt(this.timeZone, at - 1));
    }
  }

  /**
   * Period k holds instants [T(k-1), T(k)) and so wall times [T(k-1) + O(k), T(k) + O(k)).
   * Its safe span leaves out any wall time an earlier period reaches up to or a later one
   * starts from, and the edges of what is known.
   */
  private computeSpans(): void {
    const t = this.transitions;
    const o = this.offsets;
    const n = t.length;
    const wallStart: number[] = new Array<number>(n + 1);
    const wallEnd: number[] = new Array<number>(n + 1);
    for (let k = 0; k <= n; k++) {
      const offset = o[k] ?? 0;
      wallStart[k] = k === 0 ? -Infinity : (t[k - 1] ?? 0) + offset;
      wallEnd[k] = k === n ? Infinity : (t[k] ?? 0) + offset;
    }
    const safeFrom: number[] = new Array<number>(n + 1);
    const safeTo: number[] = new Array<number>(n + 1);
    let reachedByEarlier = this.coveredFrom === -Infinity ? -Infinity : this.coveredFrom + REACH_MS;
    for (let k = 0; k <= n; k++) {
      safeFrom[k] = Math.max(wallStart[k] ?? -Infinity, reachedByEarlier);
      reachedByEarlier = Math.max(reachedByEarlier, wallEnd[k] ?? Infinity);
    }
    let startOfLater = this.coveredTo === Infinity ? Infinity : this.coveredTo - REACH_MS;
    for (let k = n; k >= 0; k--) {
      safeTo[k] = Math.min(wallEnd[k] ?? Infinity, startOfLater);
      startOfLater = Math.min(startOfLater, wallStart[k] ?? -Infinity);
    }
    this.wallStart = wallStart;
    this.safeFrom = safeFrom;
    this.safeTo = safeTo;
    this.hint = 0;
  }
}

function offsetAt(timeZone: string, epochMs: number): number {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;
}

const zones = new Map<string, ZoneOffsets>();

/** The offsets of a zone, kept for the life of the process (a zone's history does not change while it runs). */
export function zoneOffsets(timeZone: string, around: number): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new ZoneOffsets(timeZone, around);
    zones.set(timeZone, zone);
  }
  return zone;
}
