import { describe, expect, it } from 'vitest';
import { alertGroupOf, incidentForAlerts, linkOffers, type LinkedIncident } from '../../../main/core/incidents/alert-links.js';
import { alert, HOUR, incident, iso, ms } from './incident-fixture.js';

/**
 * inc-1 was declared at 10:05Z from sim:fp-5xx (fired 10:00Z); its scope is Acme production and
 * UAT; the link window is PT2H, so alerts are offered from 10:05Z to 12:05Z unless a later
 * linked alert moves the end.
 */
const scope = new Set(['acme-prod', 'acme-uat']);
const linkedAlert = alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z');
const other: LinkedIncident = { id: 'inc-2', status: 'identified', declaredAt: ms('2026-12-07T09:00:00Z'), alertIds: ['sim:fp-disk'] };

const offersOf = (input: { alerts: ReturnType<typeof alert>[]; incident?: LinkedIncident; openIncidents?: LinkedIncident[] }) =>
  linkOffers({ incident: input.incident ?? incident(), alerts: input.alerts, scope, openIncidents: input.openIncidents ?? [other], linkWindowMs: 2 * HOUR }).map(
    (offer) => `${offer.alertKey} ${iso(offer.startsAt)}`,
  );

describe('alerts offered for linking', () => {
  it('offers alerts firing later in scope within the window, oldest first, and nothing else', () => {
    const alerts = [
      linkedAlert,
      alert('fp-latency', 'acme-uat', '2026-12-07T10:40:00Z'),
      alert('fp-queue', 'acme-prod', '2026-12-07T10:20:00Z'),
      // Exactly at the end of the window: 10:05Z + 2 h.
      alert('fp-edge', 'acme-prod', '2026-12-07T12:05:00Z'),
      // After the window.
      alert('fp-too-late', 'acme-prod', '2026-12-07T12:10:00Z'),
      // Before the declaration: the person who declared saw it and left it out.
      alert('fp-before', 'acme-prod', '2026-12-07T09:55:00Z'),
      // Out of scope: Brit in London, Cobalt in Sydney, and an alert tied to no environment.
      alert('fp-brit', 'brit-prod', '2026-12-07T10:30:00Z'),
      alert('fp-cobalt', 'cobalt-prod', '2026-12-07T10:30:00Z'),
      alert('fp-nowhere', null, '2026-12-07T10:30:00Z'),
      // Already held by the other open incident.
      alert('fp-disk', 'acme-uat', '2026-12-07T10:50:00Z'),
    ];
    expect(offersOf({ alerts })).toEqual(['sim:fp-queue 2026-12-07T10:20:00Z', 'sim:fp-latency 2026-12-07T10:40:00Z', 'sim:fp-edge 2026-12-07T12:05:00Z']);
  });

  it('gives the offer what the page shows of the alert', () => {
    const [offer] = linkOffers({ incident: incident(), alerts: [alert('fp-queue', 'acme-prod', '2026-12-07T10:20:00Z', { name: 'QueueBacklog', summary: 'jobs waiting over 10 min' })], scope, openIncidents: [], linkWindowMs: 2 * HOUR });
    expect(offer).toEqual({ alertKey: 'sim:fp-queue', name: 'QueueBacklog', summary: 'jobs waiting over 10 min', environmentId: 'acme-prod', startsAt: ms('2026-12-07T10:20:00Z') });
  });

  it('runs the window from the last linked alert when it fired after the declaration', () => {
    // A linked alert at 11:00Z moves the end to 13:00Z, so 12:10Z is offered now.
    const later = alert('fp-later', 'acme-uat', '2026-12-07T11:00:00Z');
    const alerts = [linkedAlert, later, alert('fp-too-late', 'acme-prod', '2026-12-07T12:10:00Z'), alert('fp-way-late', 'acme-prod', '2026-12-07T13:01:00Z')];
    expect(offersOf({ alerts, incident: incident({ alertIds: ['sim:fp-5xx', 'sim:fp-later'] }) })).toEqual(['sim:fp-too-late 2026-12-07T12:10:00Z']);
  });

  it('does not offer the same alert seen through a second source: its group is already linked', () => {
    const viaPrometheus = alert('fp-5xx', 'acme-prod', '2026-12-07T10:30:00Z', { key: 'prom:fp-5xx', connectionId: 'prom' });
    expect(offersOf({ alerts: [linkedAlert, viaPrometheus] })).toEqual([]);
  });

  it('offers an alert whose group only a resolved incident holds', () => {
    const resolved: LinkedIncident = { id: 'inc-0', status: 'resolved', declaredAt: ms('2026-12-07T08:00:00Z'), alertIds: ['sim:fp-queue'] };
    expect(offersOf({ alerts: [alert('fp-queue', 'acme-prod', '2026-12-07T10:20:00Z')], openIncidents: [resolved] })).toEqual(['sim:fp-queue 2026-12-07T10:20:00Z']);
  });

  it('offers nothing to an incident that is no longer open', () => {
    const alerts = [alert('fp-queue', 'acme-prod', '2026-12-07T10:20:00Z')];
    expect(offersOf({ alerts, incident: incident({ status: 'resolved' }) })).toEqual([]);
    expect(offersOf({ alerts, incident: incident({ status: 'cancelled' }) })).toEqual([]);
  });
});

describe('one alert group, one incident', () => {
  const first: LinkedIncident = { id: 'inc-1', status: 'investigating', declaredAt: ms('2026-12-07T10:05:00Z'), alertIds: ['sim:fp-5xx'] };

  it('a group is the fingerprint, whichever source reported it', () => {
    expect(alertGroupOf('prom:fp-5xx')).toBe('fp-5xx');
    expect(alertGroupOf('sim:fp-5xx')).toBe(alertGroupOf('prom:fp-5xx'));
  });

  it('finds the open incident that already holds one of the alerts, also through another source', () => {
    expect(incidentForAlerts(['sim:fp-new', 'prom:fp-5xx'], [other, first])?.id).toBe('inc-1');
    expect(incidentForAlerts(['sim:fp-new'], [other, first])).toBeNull();
  });

  it('passes over incidents that are resolved, closed or cancelled', () => {
    expect(incidentForAlerts(['sim:fp-5xx'], [{ ...first, status: 'resolved' }, { ...first, id: 'inc-9', status: 'closed' }])).toBeNull();
  });

  it('names the earliest declared when two open incidents hold the alerts', () => {
    expect(incidentForAlerts(['sim:fp-5xx', 'sim:fp-disk'], [first, other])?.id).toBe('inc-2');
  });
});
