import type { IncidentReview, IncidentStatus } from '../../../shared/contract/incidents.js';
import type { SeverityPolicyDefinition } from '../../../shared/fleet-definition/incidents.js';

/**
 * The incident lifecycle: triage → investigating → identified → monitoring → resolved → closed,
 * or cancelled.
 *
 * - Forward moves may skip steps (a cause can be obvious at once), but never from triage to
 *   monitoring, resolved or closed: someone must have looked before a fix can be watched or the
 *   incident called over.
 * - Backward moves are allowed while it is open (the suspected cause was wrong, the fix did not
 *   hold), and a resolved incident may be reopened to investigating: the fault came back before
 *   the review closed it, and its timeline, SLA clocks and customers belong to this incident.
 * - Closed and cancelled are final. Closing accepted the review and its SLA record; a recurrence
 *   after that is a new incident that links the old one, so a closed record never changes under
 *   the review that signed it off. Cancelled (a false alarm, a duplicate) is final for the same
 *   reason; a mistaken cancel is corrected by declaring again.
 * - Resolved cannot be cancelled: something did happen.
 */

const ALLOWED: Record<IncidentStatus, readonly IncidentStatus[]> = {
  triage: ['investigating', 'identified', 'cancelled'],
  investigating: ['identified', 'monitoring', 'resolved', 'cancelled'],
  identified: ['investigating', 'monitoring', 'resolved', 'cancelled'],
  monitoring: ['investigating', 'identified', 'resolved', 'cancelled'],
  resolved: ['investigating', 'closed'],
  closed: [],
  cancelled: [],
};

export function allowedNext(from: IncidentStatus): readonly IncidentStatus[] {
  return ALLOWED[from];
}

export type TransitionCheck = { ok: true } | { ok: false; message: string };

/** Whether an incident may move from one status to another, and if not, why in words. */
export function checkTransition(from: IncidentStatus, to: IncidentStatus): TransitionCheck {
  if (from === to) return { ok: false, message: `the incident is already ${from}` };
  if (ALLOWED[from].includes(to)) return { ok: true };
  if (from === 'closed' || from === 'cancelled') {
    return { ok: false, message: `a ${from} incident is final; declare a new incident and link this one` };
  }
  if (from === 'triage' && (to === 'monitoring' || to === 'resolved' || to === 'closed')) {
    return { ok: false, message: `an incident in triage cannot go straight to ${to}; move it to investigating or identified first` };
  }
  if (to === 'closed') return { ok: false, message: 'only a resolved incident can be closed; resolve it first' };
  if (to === 'triage') return { ok: false, message: 'an incident cannot go back to triage once work on it has started' };
  return { ok: false, message: `a ${from} incident cannot be ${to === 'cancelled' ? 'cancelled' : `moved to ${to}`}; it can go to ${ALLOWED[from].join(' or ')}` };
}

const REVIEW_TEXT = [
  ['summary', 'summary'],
  ['rootCause', 'root cause'],
  ['wentWell', 'what went well'],
  ['wentBadly', 'what went badly'],
] as const;

/** The parts of the review that a close needs and that are missing, in words; empty when the review is complete or none is required. */
export function missingReviewParts(review: IncidentReview | null, policy: Pick<SeverityPolicyDefinition, 'reviewRequired' | 'customerRootCauseRequired'>): string[] {
  if (!policy.reviewRequired) return [];
  if (review === null) return ['the review (none has been written)'];
  const missing: string[] = [];
  for (const [field, name] of REVIEW_TEXT) if (review[field].trim() === '') missing.push(name);
  if (review.timeline.length === 0) missing.push('timeline');
  if (review.actionItems.length === 0) missing.push('action items (at least one)');
  review.actionItems.forEach((item, index) => {
    const parts = [
      ...(item.title.trim() === '' ? ['title'] : []),
      ...(item.owner.trim() === '' ? ['owner'] : []),
      ...(item.due === null ? ['due date'] : []),
      ...(item.ticket.trim() === '' ? ['ticket reference'] : []),
    ];
    const name = item.title.trim() === '' ? `action item ${index + 1}` : `action item ${index + 1} ("${item.title.trim()}")`;
    if (parts.length > 0) missing.push(`${name}: ${parts.join(', ')}`);
  });
  if (policy.customerRootCauseRequired && review.customerRootCause.trim() === '') missing.push('customer-facing root-cause text');
  return missing;
}

/**
 * Whether the incident may be closed now: it must be resolved, and the review its severity
 * requires must be complete. There is no override: the refusal names every missing part.
 */
export function checkClose(
  status: IncidentStatus,
  review: IncidentReview | null,
  policy: Pick<SeverityPolicyDefinition, 'reviewRequired' | 'customerRootCauseRequired'>,
): TransitionCheck {
  const transition = checkTransition(status, 'closed');
  if (!transition.ok) return transition;
  const missing = missingReviewParts(review, policy);
  if (missing.length === 0) return { ok: true };
  return { ok: false, message: `the incident cannot be closed until its review is complete; missing: ${missing.join('; ')}` };
}
