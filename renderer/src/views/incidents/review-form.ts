import { Temporal } from 'temporal-polyfill';
import type { IncidentReview, TimelineEntry } from '../../../../shared/contract/incidents.js';

/**
 * The lessons-learnt review as the form edits it: times as a datetime-local input shows them, in the
 * viewer's zone, and rows with ids of their own so React keeps each row's inputs while others come and go.
 */

export interface TimelineRowDraft {
  id: number;
  /** 2026-12-07T22:04, in the viewer's zone. */
  at: string;
  text: string;
}

export interface ActionItemDraft {
  id: number;
  title: string;
  owner: string;
  /** YYYY-MM-DD or ''. */
  due: string;
  ticket: string;
}

export interface ReviewDraft {
  summary: string;
  rootCause: string;
  wentWell: string;
  wentBadly: string;
  customerRootCause: string;
  timeline: TimelineRowDraft[];
  actionItems: ActionItemDraft[];
}

export function toLocalInput(at: number, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** The instant a local time names in the zone (a time in a DST gap moves later by the gap); null for text that is no time. */
export function fromLocalInput(text: string, zone: string): number | null {
  try {
    return Temporal.PlainDateTime.from(text).toZonedDateTime(zone).epochMilliseconds;
  } catch {
    return null;
  }
}

/** What the timeline kinds worth a review say; the rest (every alert repeat) would drown it. */
const REVIEW_KINDS: ReadonlySet<TimelineEntry['kind']> = new Set([
  'declared',
  'status',
  'severity',
  'commander',
  'note',
  'alert-firing',
  'deploy-started',
  'deploy-finished',
  'rollback-started',
  'rollback-finished',
  'slot-swap',
  'maintenance',
  'status-page',
]);

/** The saved review, or a new one with its timeline pre-filled from the incident's. */
export function draftOf(review: IncidentReview | null, timeline: readonly TimelineEntry[], zone: string): ReviewDraft {
  const rows =
    review !== null && review.timeline.length > 0
      ? review.timeline.map((entry) => ({ at: entry.at, text: entry.text }))
      : timeline.filter((entry) => REVIEW_KINDS.has(entry.kind)).map((entry) => ({ at: entry.at, text: entry.who === null ? entry.text : `${entry.text} (${entry.who})` }));
  return {
    summary: review?.summary ?? '',
    rootCause: review?.rootCause ?? '',
    wentWell: review?.wentWell ?? '',
    wentBadly: review?.wentBadly ?? '',
    customerRootCause: review?.customerRootCause ?? '',
    timeline: rows.map((row, position) => ({ id: position + 1, at: toLocalInput(row.at, zone), text: row.text })),
    actionItems: (review?.actionItems ?? []).map((item, position) => ({ id: position + 1, title: item.title, owner: item.owner, due: item.due ?? '', ticket: item.ticket })),
  };
}

export type ReviewResult = { review: IncidentReview } | { problems: Map<string, string> };

/** The review to save; a draft may be incomplete, but a time that is no time or an empty row is named by its field. */
export function reviewOf(draft: ReviewDraft, zone: string): ReviewResult {
  const problems = new Map<string, string>();
  const timeline = draft.timeline.map((row, position) => {
    const at = fromLocalInput(row.at, zone);
    if (at === null) problems.set(`timeline[${position}].at`, 'Enter a date and time.');
    if (row.text.trim() === '') problems.set(`timeline[${position}].text`, 'Say what happened, or remove the row.');
    return { at: at ?? 0, text: row.text.trim() };
  });
  draft.actionItems.forEach((item, position) => {
    if (item.title.trim() === '') problems.set(`actionItems[${position}].title`, 'Say what is to be done, or remove the item.');
  });
  if (problems.size > 0) return { problems };
  return {
    review: {
      summary: draft.summary.trim(),
      rootCause: draft.rootCause.trim(),
      wentWell: draft.wentWell.trim(),
      wentBadly: draft.wentBadly.trim(),
      customerRootCause: draft.customerRootCause.trim(),
      timeline: timeline.toSorted((a, b) => a.at - b.at),
      actionItems: draft.actionItems.map((item) => ({ title: item.title.trim(), owner: item.owner.trim(), due: item.due === '' ? null : item.due, ticket: item.ticket.trim() })),
    },
  };
}
