import { describe, expect, it } from 'vitest';
import type { CommsDutyView, IncidentSummary, SlaClockView } from '../../shared/contract/incidents.js';
import { commsNotices, slaNotices } from '../../renderer/src/notifications/incident-notice.js';

const MINUTE = 60_000;

/** A Sev1's 4 h resolution clock with its warnings at 50 % and 75 % (2 h and 3 h in), `elapsed` minutes in. */
function resolutionClock(elapsedMinutes: number, state: SlaClockView['state'] = 'running'): SlaClockView {
  const target = 240 * MINUTE;
  const elapsed = elapsedMinutes * MINUTE;
  return {
    kind: 'resolution',
    target: 'PT4H',
    targetMs: target,
    state,
    elapsedMs: elapsed,
    remainingMs: target - elapsed,
    breached: elapsed > target,
    breachAt: null,
    warnings: [
      { percent: 50, at: null, passed: elapsed >= 120 * MINUTE },
      { percent: 75, at: null, passed: elapsed >= 180 * MINUTE },
    ],
    source: 'console',
  };
}

function incident(clock: SlaClockView): IncidentSummary {
  return {
    id: 'INC-7',
    title: 'Checkout down for Acme',
    severity: 'sev1',
    status: 'investigating',
    hold: null,
    commander: 'Ana',
    declaredAt: 0,
    environmentCount: 1,
    regions: ['apac'],
    ticket: null,
    sla: [clock],
    pending: 0,
    conflict: false,
  };
}

describe('desktop notices for SLA clocks', () => {
  it('says nothing for the first list: what was passed before the console opened is not news', () => {
    expect(slaNotices(null, [incident(resolutionClock(200))]).notices).toEqual([]);
  });

  it('tells once when a clock passes 50 %, again at 75 %, and again at the breach', () => {
    const first = slaNotices(null, [incident(resolutionClock(100))]);
    const half = slaNotices(first.levels, [incident(resolutionClock(121))]);
    expect(half.notices.map((notice) => notice.title)).toEqual(['INC-7 Resolution SLA 50 % used']);
    expect(half.notices[0]?.body).toBe('Sev1 Checkout down for Acme (target PT4H)');
    expect(slaNotices(half.levels, [incident(resolutionClock(150))]).notices).toEqual([]);
    const threeQuarters = slaNotices(half.levels, [incident(resolutionClock(181))]);
    expect(threeQuarters.notices.map((notice) => notice.title)).toEqual(['INC-7 Resolution SLA 75 % used']);
    const breach = slaNotices(threeQuarters.levels, [incident(resolutionClock(241))]);
    expect(breach.notices.map((notice) => notice.title)).toEqual(['INC-7 Resolution SLA breached']);
  });

  it('says nothing for a stopped clock, e.g. an incident resolved after the warning', () => {
    const before = slaNotices(null, [incident(resolutionClock(100))]);
    expect(slaNotices(before.levels, [incident(resolutionClock(130, 'stopped'))]).notices).toEqual([]);
  });
});

describe('desktop notices for the communications checklist', () => {
  const statusUpdate = (dueAt: number | null, overdue = false): CommsDutyView => ({ id: 'status-update', action: 'Update the status page', channel: 'status-page', doneAt: [], dueAt, overdue });
  const subject = { id: 'INC-7', title: 'Checkout down for Acme' };

  it('tells when a duty falls due between two looks, once', () => {
    const now = 1_000 * MINUTE;
    const first = commsNotices(null, subject, [statusUpdate(now + 5 * MINUTE)], now);
    expect(first.notices).toEqual([]);
    const due = commsNotices(first.due, subject, [statusUpdate(now + 5 * MINUTE)], now + 6 * MINUTE);
    expect(due.notices.map((notice) => notice.title)).toEqual(['INC-7: Update the status page is due']);
    expect(commsNotices(due.due, subject, [statusUpdate(now + 5 * MINUTE)], now + 7 * MINUTE).notices).toEqual([]);
  });

  it('tells again when the next occurrence of a recurring duty falls due', () => {
    const now = 1_000 * MINUTE;
    const first = commsNotices(null, subject, [statusUpdate(now - MINUTE, true)], now);
    const next = commsNotices(first.due, subject, [statusUpdate(now + 29 * MINUTE)], now + 30 * MINUTE);
    expect(next.notices).toHaveLength(1);
  });
});
