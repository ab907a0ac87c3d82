import { describe, expect, it } from 'vitest';
import { IncidentReview, IncidentStatus } from '../../../shared/contract/incidents.js';
import { defaultIncidents } from '../../../shared/fleet-definition/incidents.js';
import { allowedNext, checkClose, checkTransition, missingReviewParts } from '../../../main/core/incidents/lifecycle.js';

const policies = defaultIncidents().severities;

const completeReview = (): IncidentReview =>
  IncidentReview.parse({
    summary: 'Checkout failed for APAC customers for 40 minutes.',
    rootCause: 'A connection pool limit lowered in release 2026.11.4.',
    wentWell: 'The suspect deploy was found from the correlation list in 5 minutes.',
    wentBadly: 'The status page was posted 25 minutes in.',
    timeline: [{ at: 1_780_000_000_000, text: 'First alert: checkout 5xx rate above 5 %' }],
    actionItems: [{ title: 'Alert on pool saturation', owner: 'Ana Ruiz', due: '2026-12-20', ticket: 'OPS-412' }],
    customerRootCause: 'A configuration change limited the connections available to the checkout service.',
  });

describe('incident lifecycle', () => {
  it('never goes from triage straight to resolved, monitoring or closed, and says where it can go', () => {
    expect(checkTransition('triage', 'resolved')).toEqual({
      ok: false,
      message: 'an incident in triage cannot go straight to resolved; move it to investigating or identified first',
    });
    expect(checkTransition('triage', 'monitoring').ok).toBe(false);
    expect(checkTransition('triage', 'closed').ok).toBe(false);
    expect(checkTransition('triage', 'investigating')).toEqual({ ok: true });
    expect(checkTransition('triage', 'identified')).toEqual({ ok: true });
    expect(checkTransition('triage', 'cancelled')).toEqual({ ok: true });
  });

  it('walks the whole way forward', () => {
    const path: IncidentStatus[] = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'];
    for (let i = 1; i < path.length; i++) expect(checkTransition(path[i - 1] as IncidentStatus, path[i] as IncidentStatus)).toEqual({ ok: true });
  });

  it('goes back while open, and a resolved incident may be reopened to investigating', () => {
    expect(checkTransition('monitoring', 'investigating')).toEqual({ ok: true });
    expect(checkTransition('identified', 'investigating')).toEqual({ ok: true });
    expect(checkTransition('resolved', 'investigating')).toEqual({ ok: true });
    expect(checkTransition('investigating', 'triage')).toEqual({ ok: false, message: 'an incident cannot go back to triage once work on it has started' });
  });

  it('closed and cancelled are final; resolved cannot be cancelled; only resolved can be closed', () => {
    for (const to of IncidentStatus.options) {
      expect(checkTransition('closed', to).ok).toBe(false);
      expect(checkTransition('cancelled', to).ok).toBe(false);
    }
    expect(checkTransition('closed', 'investigating')).toEqual({ ok: false, message: 'a closed incident is final; declare a new incident and link this one' });
    expect(checkTransition('resolved', 'cancelled')).toEqual({ ok: false, message: 'a resolved incident cannot be cancelled; it can go to investigating or closed' });
    expect(checkTransition('monitoring', 'closed')).toEqual({ ok: false, message: 'only a resolved incident can be closed; resolve it first' });
    expect(checkTransition('identified', 'identified')).toEqual({ ok: false, message: 'the incident is already identified' });
  });

  it('lists exactly the allowed next statuses, and every status has an answer', () => {
    for (const from of IncidentStatus.options) {
      for (const to of IncidentStatus.options) expect(checkTransition(from, to).ok).toBe(allowedNext(from).includes(to));
    }
  });
});

describe('the close gate', () => {
  it('closes a resolved Sev1 with a complete review', () => {
    expect(checkClose('resolved', completeReview(), policies.sev1)).toEqual({ ok: true });
  });

  it('refuses a Sev1 without a review, saying so', () => {
    expect(checkClose('resolved', null, policies.sev1)).toEqual({
      ok: false,
      message: 'the incident cannot be closed until its review is complete; missing: the review (none has been written)',
    });
  });

  it('names every missing part of an incomplete review, action items by number and title', () => {
    const draft = IncidentReview.parse({
      summary: 'Checkout failed.',
      actionItems: [{ title: 'Alert on pool saturation', owner: 'Ana Ruiz' }, { title: '', due: '2026-12-20', ticket: 'OPS-413', owner: 'Li Wei' }],
    });
    expect(missingReviewParts(draft, policies.sev1)).toEqual([
      'root cause',
      'what went well',
      'what went badly',
      'timeline',
      'action item 1 ("Alert on pool saturation"): due date, ticket reference',
      'action item 2: title',
      'customer-facing root-cause text',
    ]);
  });

  it('needs at least one action item', () => {
    expect(missingReviewParts({ ...completeReview(), actionItems: [] }, policies.sev2)).toEqual(['action items (at least one)']);
  });

  it('asks Sev2 for a review but not for customer-facing text; Sev3 and Sev4 need none by default', () => {
    const noCustomerText = { ...completeReview(), customerRootCause: '' };
    expect(checkClose('resolved', noCustomerText, policies.sev2)).toEqual({ ok: true });
    expect(checkClose('resolved', noCustomerText, policies.sev1).ok).toBe(false);
    expect(checkClose('resolved', null, policies.sev3)).toEqual({ ok: true });
    expect(checkClose('resolved', null, policies.sev4)).toEqual({ ok: true });
  });

  it('text of spaces is not written', () => {
    expect(missingReviewParts({ ...completeReview(), summary: '   ' }, policies.sev1)).toEqual(['summary']);
  });

  it('a complete review does not close an incident that is not resolved', () => {
    expect(checkClose('monitoring', completeReview(), policies.sev1)).toEqual({ ok: false, message: 'only a resolved incident can be closed; resolve it first' });
  });
});

describe('incident and review schemas', () => {
  it('refuses an unknown field in a review, naming it', () => {
    const result = IncidentReview.safeParse({ summary: 'x', rootcause: 'y' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('unknown field "rootcause" (did you mean "rootCause"?); expected summary, rootCause, wentWell, wentBadly, timeline, actionItems, customerRootCause');
  });

  it('refuses an action item due date that is not a date', () => {
    const result = IncidentReview.safeParse({ actionItems: [{ title: 'x', due: '20/12/2026' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['actionItems', 0, 'due'], message: 'expected a date as YYYY-MM-DD' });
  });
});
