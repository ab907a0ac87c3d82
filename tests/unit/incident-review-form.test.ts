import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../shared/contract/incidents.js';
import { draftOf, fromLocalInput, reviewOf, toLocalInput } from '../../renderer/src/views/incidents/review-form.js';
import { beforeFirstAlertText, formatSpan, slaText } from '../../renderer/src/views/incidents/incident-format.js';

// 2026-12-07T09:00 in Sydney is AEDT (UTC+11): 2026-12-06T22:00Z.
const SYDNEY_MORNING = Date.UTC(2026, 11, 6, 22, 0);

describe('the review form', () => {
  it('shows and reads times in the viewer’s zone, across the date line', () => {
    expect(toLocalInput(SYDNEY_MORNING, 'Australia/Sydney')).toBe('2026-12-07T09:00');
    expect(toLocalInput(SYDNEY_MORNING, 'Europe/London')).toBe('2026-12-06T22:00');
    expect(fromLocalInput('2026-12-07T09:00', 'Australia/Sydney')).toBe(SYDNEY_MORNING);
    // London's clocks went forward at 01:00 on 2026-03-29: 01:30 does not exist and moves an hour later (01:30 GMT = 02:30 BST).
    expect(fromLocalInput('2026-03-29T01:30', 'Europe/London')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(fromLocalInput('yesterday', 'Europe/London')).toBeNull();
  });

  it('pre-fills a new review’s timeline from what happened, leaving out alert repeats', () => {
    const timeline: TimelineEntry[] = [
      { id: 'a', at: SYDNEY_MORNING, kind: 'declared', who: 'Ana', text: 'Declared Sev1', source: 'console', ref: null },
      { id: 'b', at: SYDNEY_MORNING + 60_000, kind: 'alert-resolved', who: null, text: 'disk resolved', source: 'alerts', ref: 'k' },
      { id: 'c', at: SYDNEY_MORNING + 120_000, kind: 'note', who: 'Ben', text: 'Rolled back', source: 'console', ref: null },
    ];
    const draft = draftOf(null, timeline, 'Australia/Sydney');
    expect(draft.timeline.map((row) => [row.at, row.text])).toEqual([
      ['2026-12-07T09:00', 'Declared Sev1 (Ana)'],
      ['2026-12-07T09:02', 'Rolled back (Ben)'],
    ]);
    expect(draft.actionItems).toEqual([]);
  });

  it('names an empty row by its field instead of sending it, and sends a draft in time order', () => {
    const draft = draftOf(null, [], 'UTC');
    const empty = reviewOf({ ...draft, timeline: [{ id: 1, at: '2026-12-07T10:00', text: ' ' }] }, 'UTC');
    expect('problems' in empty && [...empty.problems.keys()]).toEqual(['timeline[0].text']);
    const saved = reviewOf(
      {
        ...draft,
        summary: ' Checkout failed ',
        timeline: [
          { id: 1, at: '2026-12-07T10:05', text: 'Rolled back' },
          { id: 2, at: '2026-12-07T10:00', text: 'Declared' },
        ],
        actionItems: [{ id: 3, title: 'Add a canary', owner: 'Ben', due: '', ticket: '' }],
      },
      'UTC',
    );
    expect('review' in saved && saved.review).toMatchObject({
      summary: 'Checkout failed',
      timeline: [
        { at: Date.UTC(2026, 11, 7, 10, 0), text: 'Declared' },
        { at: Date.UTC(2026, 11, 7, 10, 5), text: 'Rolled back' },
      ],
      actionItems: [{ title: 'Add a canary', owner: 'Ben', due: null, ticket: '' }],
    });
  });
});

describe('incident times in words', () => {
  it('says spans and breaches in words', () => {
    expect(formatSpan(40 * 60_000)).toBe('40 min');
    expect(formatSpan(125 * 60_000)).toBe('2 h 05 min');
    expect(beforeFirstAlertText(40 * 60_000)).toBe('40 min before first alert');
    expect(beforeFirstAlertText(-5 * 60_000)).toBe('5 min after first alert');
    const clock = {
      kind: 'response' as const,
      target: 'PT15M',
      targetMs: 15 * 60_000,
      state: 'running' as const,
      elapsedMs: 10 * 60_000,
      remainingMs: 5 * 60_000,
      breached: false,
      breachAt: null,
      warnings: [],
      source: 'console' as const,
    };
    expect(slaText(clock, 0, 0)).toBe('5 min left');
    // Nine minutes after the core's answer, a running clock is 4 min past its target.
    expect(slaText(clock, 0, 9 * 60_000)).toBe('breached 4 min ago');
    expect(slaText({ ...clock, state: 'paused' }, 0, 9 * 60_000)).toBe('5 min left');
  });
});
