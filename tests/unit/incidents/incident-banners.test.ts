import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';
import { incidentBanners, type BannerIncident } from '../../../main/core/incidents/incident-banners.js';
import { RegionBanner } from '../../../shared/contract/calendar.js';
import { IncidentBanner, type IncidentImpact } from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

/**
 * The product's banners while incidents are open, per region in its local time. Expected texts
 * are worked out by hand: Sydney is UTC+11 (AEDT) in December and October after the 4th; London
 * is UTC+0 (GMT) in December, UTC+1 (BST) until 01:00 UTC on Sunday 25 October 2026.
 */

const FLEET = `version: 1
name: Two regions
backends:
  - { id: sim, kind: sandbox }
regions:
  - { id: apac, name: APAC, timeZone: Australia/Sydney, residency: AU, sites: [{ id: syd-1, name: Sydney, role: primary }] }
  - { id: uk, name: UK, timeZone: Europe/London, residency: UK, sites: [{ id: lon-1, name: London, role: primary }] }
tenants:
  - id: acme
    name: Acme Corp
    region: apac
    environments: [{ id: acme-prod, kind: production, site: syd-1, watchedBy: sim }]
  - id: globex
    name: Globex
    region: uk
    environments: [{ id: globex-prod, kind: production, site: lon-1, watchedBy: sim }]
`;

function fleet(): FleetDefinition {
  const result = parseFleetText(FLEET, 'fleet.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

function incident(id: string, fields: Omit<Partial<BannerIncident>, 'impact'> & { impact?: Partial<IncidentImpact> }): BannerIncident {
  return {
    id,
    severity: fields.severity ?? 'sev2',
    status: fields.status ?? 'investigating',
    declaredAt: fields.declaredAt ?? Date.parse('2026-12-07T22:05:00Z'),
    impact: { customers: [], environments: [], regions: [], features: '', ...fields.impact },
  };
}

describe('incident banners', () => {
  it('gives each region its open incidents, worst first, in its own local time', () => {
    const banners = incidentBanners(fleet(), [
      incident('inc-a', { severity: 'sev2', impact: { customers: ['acme'], features: 'Payroll exports fail.' } }),
      incident('inc-b', { severity: 'sev1', status: 'identified', declaredAt: Date.parse('2026-12-07T21:40:00Z'), impact: { regions: ['apac', 'uk'] } }),
      incident('inc-c', { severity: 'sev1', status: 'resolved', impact: { regions: ['uk'] } }),
      incident('inc-d', { severity: 'sev3', status: 'monitoring', declaredAt: Date.parse('2026-10-25T00:30:00Z'), impact: { environments: ['globex-prod'], features: 'reports are late' } }),
    ]);
    expect(banners).toEqual([
      {
        regionId: 'apac',
        regionName: 'APAC',
        incidentId: 'inc-b',
        severity: 'sev1',
        text: 'Service incident (APAC, Australia/Sydney): since 08:40 AEDT on Tuesday 8 December 2026. We have found the cause and are working on a fix.',
      },
      {
        regionId: 'apac',
        regionName: 'APAC',
        incidentId: 'inc-a',
        severity: 'sev2',
        text: 'Service incident (APAC, Australia/Sydney): since 09:05 AEDT on Tuesday 8 December 2026. Affected: Payroll exports fail. We are investigating.',
      },
      {
        regionId: 'uk',
        regionName: 'UK',
        incidentId: 'inc-b',
        severity: 'sev1',
        text: 'Service incident (UK, Europe/London): since 21:40 GMT on Monday 7 December 2026. We have found the cause and are working on a fix.',
      },
      {
        regionId: 'uk',
        regionName: 'UK',
        incidentId: 'inc-d',
        severity: 'sev3',
        text: 'Service incident (UK, Europe/London): since 01:30 BST on Sunday 25 October 2026. Affected: reports are late. A fix is in place and we are watching the results.',
      },
    ]);
  });

  it('shows nothing where no incident is open: resolved, closed and cancelled ones are over', () => {
    const over = (['resolved', 'closed', 'cancelled'] as const).map((status, i) => incident(`inc-${i}`, { status, impact: { regions: ['apac', 'uk'] } }));
    expect(incidentBanners(fleet(), over)).toEqual([]);
    expect(incidentBanners(fleet(), [incident('inc-uk', { impact: { regions: ['uk'] } })]).map((banner) => banner.regionId)).toEqual(['uk']);
  });

  it('puts the older of two incidents of one severity first, and says triage is being investigated', () => {
    const banners = incidentBanners(fleet(), [
      incident('inc-new', { status: 'triage', declaredAt: Date.parse('2026-12-07T23:00:00Z'), impact: { regions: ['uk'] } }),
      incident('inc-old', { declaredAt: Date.parse('2026-12-07T20:00:00Z'), impact: { regions: ['uk'] } }),
    ]);
    expect(banners.map((banner) => banner.incidentId)).toEqual(['inc-old', 'inc-new']);
    expect(banners[1]?.text).toBe('Service incident (UK, Europe/London): since 23:00 GMT on Monday 7 December 2026. We are investigating.');
  });

  it('has the maintenance banner’s region and text, so the two are shown together', () => {
    const [banner] = incidentBanners(fleet(), [incident('inc-a', { impact: { regions: ['apac'] } })]);
    expect(IncidentBanner.parse(banner)).toEqual(banner);
    expect(RegionBanner.pick({ regionId: true, regionName: true, text: true }).parse(banner)).toEqual({ regionId: 'apac', regionName: 'APAC', text: banner?.text });
  });
});
