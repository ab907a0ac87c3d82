import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { CommsRecord } from '../../../shared/contract/incidents.js';
import { defaultIncidents } from '../../../shared/fleet-definition/incidents.js';
import { commsDuties } from '../../../main/core/incidents/comms-checklist.js';

const ms = (text: string) => Temporal.Instant.from(text).epochMilliseconds;
const iso = (value: number | null) => (value === null ? null : Temporal.Instant.fromEpochMilliseconds(value).toString({ smallestUnit: 'minute' }));
const sev1 = defaultIncidents().severities.sev1.communications;
const done = (itemId: string, at: string): CommsRecord => ({ itemId, at: ms(at), by: 'Ana Ruiz', to: 'status page subscribers', said: 'We are investigating failed checkouts in APAC.' });
const summary = (duties: ReturnType<typeof commsDuties>) => duties.map((duty) => [duty.id, iso(duty.dueAt), duty.overdue]);

describe('communications checklist (Sev1 defaults)', () => {
  const declaredAt = ms('2026-03-10T10:00Z');

  it('everything is due from the declaration: the status page and its first update within 30 minutes, the rest within the hour', () => {
    expect(summary(commsDuties(sev1, { declaredAt, openUntil: null, records: [] }, ms('2026-03-10T10:20Z')))).toEqual([
      ['status-page', '2026-03-10T10:30Z', false],
      ['status-update', '2026-03-10T10:30Z', false],
      ['account-manager', '2026-03-10T11:00Z', false],
      ['executive', '2026-03-10T11:00Z', false],
    ]);
  });

  it('a duty done once is off the list; an update is due again 30 minutes after the last; what is past due is overdue', () => {
    // Posted 10:25, updated 10:50 (next 11:20), the executive told 10:40; at 11:30 the update and the account manager are overdue.
    const records = [done('status-page', '2026-03-10T10:25Z'), done('status-update', '2026-03-10T10:50Z'), done('executive', '2026-03-10T10:40Z')];
    const duties = commsDuties(sev1, { declaredAt, openUntil: null, records }, ms('2026-03-10T11:30Z'));
    expect(summary(duties)).toEqual([
      ['status-page', null, false],
      ['status-update', '2026-03-10T11:20Z', true],
      ['account-manager', '2026-03-10T11:00Z', true],
      ['executive', null, false],
    ]);
    expect(duties[1]?.doneAt).toEqual([ms('2026-03-10T10:50Z')]);
  });

  it('nothing falls due after the incident is resolved, but a duty missed while it was open stays overdue', () => {
    // Resolved 11:10: the update due 11:20 is no longer due; the account manager (due 11:00) was missed.
    const records = [done('status-page', '2026-03-10T10:25Z'), done('status-update', '2026-03-10T10:50Z'), done('executive', '2026-03-10T10:40Z')];
    const duties = commsDuties(sev1, { declaredAt, openUntil: ms('2026-03-10T11:10Z'), records }, ms('2026-03-10T12:00Z'));
    expect(summary(duties)).toEqual([
      ['status-page', null, false],
      ['status-update', null, false],
      ['account-manager', '2026-03-10T11:00Z', true],
      ['executive', null, false],
    ]);
  });

  it('a record must say to whom and what was said', () => {
    const result = CommsRecord.safeParse({ itemId: 'status-page', at: declaredAt, by: 'Ana Ruiz', to: '', said: '' });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['expected to whom it was said', 'expected what was said']);
  });
});
