import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { ExpandedOccurrence } from '../../calendar/recurrence/expand.js';
import type { EnvEntry } from './fleet-index.js';
import type { OccurrenceLookup, WindowIndex } from './window-index.js';

export interface SlotChoice {
  window: WindowDefinition;
  occurrence: ExpandedOccurrence;
}

export interface Schedule {
  /** When it would start: now, or the start of its slot. */
  start: number;
  scheduledFor: number | null;
  noRunAfter: number | null;
  /** The upgrade-slot occurrence it starts in, if any. */
  slot: SlotChoice | null;
  /** Its group's booking: no slot before this instant is its own. Null when it books no week. */
  bookedFrom: number | null;
}

export interface ScheduleContext {
  now: number;
  windows: WindowIndex;
  lookup: OccurrenceLookup;
}

/** The upgrade slots an environment may take: the stage's own slot when it books one, else the upgrade-slot windows whose scope covers it. */
export function slotWindows(entry: EnvEntry, stageSlot: WindowDefinition | null, windows: WindowIndex): readonly WindowDefinition[] {
  return stageSlot ? [stageSlot] : windows.upgradeSlots(entry.definition.id);
}

/**
 * Now, or at the start of the environment's next upgrade slot (one in progress counts: it
 * starts at once and must not start after the slot ends). A group booked for a later week
 * takes no slot before its booking. An environment no slot covers starts now, and the
 * allowed-slot guard says so where it matters.
 */
export function scheduleTarget(
  entry: EnvEntry,
  when: 'now' | 'next-slot',
  stageSlot: WindowDefinition | null,
  context: ScheduleContext,
  bookedFrom: number | null = null,
): Schedule {
  const { now, lookup } = context;
  const candidates = slotWindows(entry, stageSlot, context.windows);
  const unscheduled: Schedule = { start: now, scheduledFor: null, noRunAfter: null, slot: null, bookedFrom };
  if (when === 'now') {
    for (const window of candidates) {
      const occurrence = lookup.at(window, now);
      // Started now, it still must not start after its slot ends (a queue on the backend may hold it).
      if (occurrence && (bookedFrom === null || occurrence.end > bookedFrom)) return { ...unscheduled, noRunAfter: occurrence.end, slot: { window, occurrence } };
    }
    return unscheduled;
  }
  const from = Math.max(now, bookedFrom ?? now);
  let best: SlotChoice | null = null;
  for (const window of candidates) {
    const occurrence = lookup.currentOrNext(window, from);
    if (occurrence && (!best || occurrence.start < best.occurrence.start)) best = { window, occurrence };
  }
  if (!best) return unscheduled;
  const start = Math.max(now, best.occurrence.start);
  return { start, scheduledFor: start, noRunAfter: best.occurrence.end, slot: best, bookedFrom };
}
