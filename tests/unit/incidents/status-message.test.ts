import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';
import { incidentScopeIds } from '../../../main/core/incidents/incident-scope.js';
import { listInWords, statusMessage } from '../../../main/core/incidents/status-message.js';
import type { IncidentImpact } from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

/**
 * Status-page messages from the fleet file's templates. Every expected text is worked out by
 * hand: Sydney is UTC+11 (AEDT) from the first Sunday of October to the first Sunday of April and
 * UTC+10 (AEST) otherwise; London is UTC+1 (BST) from the last Sunday of March to the last Sunday
 * of October and UTC+0 (GMT) otherwise; both change at 02:00 local standard/summer time.
 */

const FLEET = `version: 1
name: Two regions
backends:
  - { id: sim, kind: sandbox }
regions:
  - id: apac
    name: APAC
    timeZone: Australia/Sydney
    residency: AU
    sites: [{ id: syd-1, name: Sydney, role: primary }]
  - id: uk
    name: UK
    timeZone: Europe/London
    residency: UK
    sites: [{ id: lon-1, name: London, role: primary }]
tenants:
  - id: acme
    name: Acme Corp
    region: apac
    environments:
      - { id: acme-prod, name: Acme production, kind: production, site: syd-1, watchedBy: sim }
      - { id: acme-uat, kind: uat, site: syd-1, watchedBy: sim }
  - id: globex
    name: Globex
    region: uk
    environments:
      - { id: globex-prod, name: Globex production, kind: production, site: lon-1, watchedBy: sim }
`;

function fleet(incidents = ''): FleetDefinition {
  const result = parseFleetText(`${FLEET}${incidents}`, 'fleet.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

function impact(overrides: Partial<IncidentImpact>): IncidentImpact {
  return { customers: [], environments: [], regions: [], features: '', ...overrides };
}

const at = (iso: string) => Date.parse(iso);

describe('status-page messages', () => {
  it('fills the default investigating template with the region and its local time', () => {
    const incident = { title: 'Payroll exports failing', impact: impact({ regions: ['apac'], features: 'payroll exports fail' }), declaredAt: at('2026-12-07T22:05:00Z') };
    // 22:05 UTC on Monday 7 December is 09:05 the next morning in Sydney (UTC+11, summer time).
    expect(statusMessage(fleet(), incident, 'investigating', at('2026-12-07T22:20:00Z'))).toBe(
      'We are investigating a problem in APAC that began at 09:05 AEDT on Tuesday 8 December 2026 in APAC. Affected: payroll exports fail. We will post an update as soon as we know more.',
    );
  });

  it('names customers, environments and every region reached, each in its own local time and date', () => {
    const definition = fleet(`incidents:
  statusMessages:
    identified: "{title}: {impact} for {customers} ({environments}) in {regions} since {since}; now {time}."
`);
    const incident = { title: 'Logins slow', impact: impact({ customers: ['acme'], environments: ['globex-prod'], features: 'logins take over 30 seconds' }), declaredAt: at('2026-12-07T21:40:00Z') };
    // 21:40 UTC: 08:40 Tuesday in Sydney (UTC+11), 21:40 Monday in London (UTC+0); 22:05 UTC likewise 09:05 and 22:05.
    expect(statusMessage(definition, incident, 'identified', at('2026-12-07T22:05:00Z'))).toBe(
      'Logins slow: logins take over 30 seconds for Acme Corp and Globex (Globex production) in APAC and UK' +
        ' since 08:40 AEDT on Tuesday 8 December 2026 in APAC and 21:40 GMT on Monday 7 December 2026 in UK;' +
        ' now 09:05 AEDT on Tuesday 8 December 2026 in APAC and 22:05 GMT on Monday 7 December 2026 in UK.',
    );
    // The other statuses keep their defaults.
    expect(definition.incidents.statusMessages.investigating).toMatch(/^We are investigating a problem in \{regions\}/);
  });

  it("says the zone's own abbreviation on London's change day: 01:30 twice, BST then GMT", () => {
    // On Sunday 25 October 2026 London's clocks go back at 02:00 BST (01:00 UTC): 00:30 UTC is 01:30 BST, 01:30 UTC is 01:30 GMT.
    const incident = { title: 'Reports late', impact: impact({ environments: ['globex-prod'] }), declaredAt: at('2026-10-25T00:30:00Z') };
    expect(statusMessage(fleet(), incident, 'resolved', at('2026-10-25T01:30:00Z'))).toBe(
      'The problem in UK that began at 01:30 BST on Sunday 25 October 2026 in UK is resolved as of 01:30 GMT on Sunday 25 October 2026 in UK.' +
        ' Affected: details to follow. We are sorry for the disruption.',
    );
  });

  it("skips the hour that does not exist on Sydney's change day", () => {
    // On Sunday 4 October 2026 Sydney's clocks go forward at 02:00 AEST (16:00 UTC on the 3rd): 15:30 UTC is 01:30 AEST, 16:30 UTC is 03:30 AEDT.
    const definition = fleet(`incidents:
  statusMessages:
    monitoring: "Since {since}, now {time}."
`);
    const incident = { title: 'Batch jobs stuck', impact: impact({ regions: ['apac', 'uk'] }), declaredAt: at('2026-10-03T15:30:00Z') };
    expect(statusMessage(definition, incident, 'monitoring', at('2026-10-03T16:30:00Z'))).toBe(
      'Since 01:30 AEST on Sunday 4 October 2026 in APAC and 16:30 BST on Saturday 3 October 2026 in UK,' +
        ' now 03:30 AEDT on Sunday 4 October 2026 in APAC and 17:30 BST on Saturday 3 October 2026 in UK.',
    );
  });

  it('says "all" for parts of the scope left empty, and UTC when no region is reached', () => {
    const definition = fleet(`incidents:
  statusMessages:
    investigating: "{customers} / {environments} / {regions} / {time}"
`);
    const incident = { title: 'Unknown', impact: impact({}), declaredAt: at('2026-12-07T22:05:00Z') };
    expect(statusMessage(definition, incident, 'investigating', at('2026-12-07T22:05:00Z'))).toBe('all customers / all environments / all regions / 22:05 UTC on Monday 7 December 2026');
  });

  it('refuses a template with a placeholder it does not know, naming the ones it does', () => {
    const result = parseFleetText(`${FLEET}incidents:\n  statusMessages:\n    resolved: "Fixed in {regoins}."\n`, 'fleet.yaml');
    if (result.ok) throw new Error('expected the fleet file to be refused');
    expect(result.problems).toEqual([
      {
        file: 'fleet.yaml',
        line: 30,
        column: 15,
        path: 'incidents.statusMessages.resolved',
        message: 'unknown placeholder {regoins}; a template may use {title}, {impact}, {regions}, {customers}, {environments}, {since}, {time}',
      },
    ]);
  });

  it('lists names in words, counting those past eight', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['APAC'])).toBe('APAC');
    expect(listInWords(['A', 'B', 'C'])).toBe('A, B and C');
    expect(listInWords(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'])).toBe('A, B, C, D, E, F, G, H and 2 more');
  });

  it('gives the status page every id the impact reaches, for its components', () => {
    expect(new Set(incidentScopeIds(fleet(), impact({ customers: ['acme'] })))).toEqual(new Set(['acme', 'apac', 'syd-1', 'acme-prod', 'acme-uat']));
  });
});
