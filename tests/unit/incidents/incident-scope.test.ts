import { describe, expect, it } from 'vitest';
import { IncidentsDefinition } from '../../../shared/fleet-definition/incidents.js';
import { endedAt, firstSignalAt, incidentWindows, relevantPeriod } from '../../../main/core/incidents/incident-period.js';
import { scopeEnvironments } from '../../../main/core/incidents/incident-scope.js';
import { alert, fleet, HOUR, incident, iso, ms } from './incident-fixture.js';

const scope = (impact: { customers?: string[]; environments?: string[]; regions?: string[] }) =>
  [...scopeEnvironments(fleet, { customers: [], environments: [], regions: [], features: '', ...impact })].sort();

describe('an incident scope', () => {
  it('declared from one environment, with its customer and region filled in beside it, is that environment alone', () => {
    expect(scope({ environments: ['acme-prod'], customers: ['acme'], regions: ['apac'] })).toEqual(['acme-prod']);
  });

  it('a customer with its region is every environment of that customer, not of the region', () => {
    expect(scope({ customers: ['acme'], regions: ['apac'] })).toEqual(['acme-prod', 'acme-uat']);
  });

  it('a region alone is every environment in it', () => {
    expect(scope({ regions: ['apac'] })).toEqual(['acme-prod', 'acme-uat', 'cobalt-prod']);
  });

  it('one environment of a customer and the whole of another customer in another region', () => {
    expect(scope({ environments: ['acme-prod'], customers: ['brit'], regions: ['apac', 'uk'] })).toEqual(['acme-prod', 'brit-prod']);
  });

  it('ids the fleet does not have reach nothing', () => {
    expect(scope({ environments: ['gone-prod'], customers: ['gone'], regions: ['mars'] })).toEqual([]);
  });
});

describe("an incident's period", () => {
  it('begins at its earliest linked alert when that fired before the declaration', () => {
    // sim:fp-5xx fired 10:00Z, declared 10:05Z; sim:fp-late is linked but fired 10:30Z; sim:other is not linked.
    const alerts = [alert('fp-late', 'acme-prod', '2026-12-07T10:30:00Z'), alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z'), alert('other', 'acme-prod', '2026-12-07T09:00:00Z')];
    expect(iso(firstSignalAt(incident({ alertIds: ['sim:fp-5xx', 'sim:fp-late'] }), alerts))).toBe('2026-12-07T10:00:00Z');
  });

  it('begins at the declaration when no linked alert is known', () => {
    expect(iso(firstSignalAt(incident({ alertIds: [] }), [alert('other', 'acme-prod', '2026-12-07T09:00:00Z')]))).toBe('2026-12-07T10:05:00Z');
  });

  it('runs from the lookback before the first signal to now while open, and to the close once closed', () => {
    const first = ms('2026-12-07T10:00:00Z');
    const now = ms('2026-12-07T13:00:00Z');
    const open = relevantPeriod(incident(), first, 6 * HOUR, now);
    expect([iso(open.from), iso(open.to)]).toEqual(['2026-12-07T04:00:00Z', '2026-12-07T13:00:00Z']);
    const closed = incident({
      status: 'closed',
      history: [
        ...incident().history,
        { at: ms('2026-12-07T11:00:00Z'), status: 'resolved', hold: null, by: 'Ana Ruiz' },
        { at: ms('2026-12-07T12:30:00Z'), status: 'closed', hold: null, by: 'Ana Ruiz' },
      ],
    });
    expect(iso(relevantPeriod(closed, first, 6 * HOUR, now).to)).toBe('2026-12-07T12:30:00Z');
    expect(endedAt(incident())).toBeNull();
  });

  it('takes its lookback and link window from the fleet file, PT6H and PT2H by default', () => {
    expect(incidentWindows(IncidentsDefinition.parse({}))).toEqual({ lookbackMs: 6 * HOUR, linkWindowMs: 2 * HOUR });
    expect(incidentWindows(IncidentsDefinition.parse({ correlationLookback: 'PT12H', linkWindow: 'PT30M' }))).toEqual({ lookbackMs: 12 * HOUR, linkWindowMs: HOUR / 2 });
  });

  it('refuses a lookback that is not a duration of 1 minute to 7 days, saying what it expected', () => {
    const parsed = IncidentsDefinition.safeParse({ correlationLookback: 'P30D' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('expected an ISO 8601 duration of 1 minute to 7 days such as PT6H, got "P30D"');
    expect(parsed.error?.issues[0]?.path).toEqual(['correlationLookback']);
  });
});
