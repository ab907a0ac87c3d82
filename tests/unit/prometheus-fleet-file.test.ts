import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../main/core/definition/fleet-file.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';

/** What the fleet file says about Prometheus backends: hosts to watch and query overrides. */

function fleet(backend: string, environment: string): string {
  return `
version: 1
name: Prometheus rules
backends:
  - ${backend}
${APAC_REGION_YAML}
tenants:
  - id: acme
    name: Acme
    region: apac
    environments:
      - ${environment}
`;
}

function problems(text: string): string[] {
  const result = parseFleetText(text, 'fleet.yaml');
  return result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

const promBackend = '{ id: prom, kind: prometheus, url: "http://prom:9090" }';

describe('fleet file: Prometheus backends', () => {
  it('accepts hosts and per-check query overrides', () => {
    const result = parseFleetText(
      fleet(
        `{ id: prom, kind: prometheus, url: "http://prom:9090", instanceLabel: host, queries: { cpu: "max by ($instance) (cpu_busy{$hosts})" } }`,
        '{ id: acme-prod, kind: production, site: apac-syd, watchedBy: prom, hosts: [{ name: web-1, role: web }] }',
      ),
      'fleet.yaml',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.backends[0]).toMatchObject({ instanceLabel: 'host', queries: { cpu: 'max by ($instance) (cpu_busy{$hosts})' } });
  });

  it('asks for the hosts of an environment a Prometheus backend watches', () => {
    expect(problems(fleet(promBackend, '{ id: acme-prod, kind: production, site: apac-syd, watchedBy: prom, servers: 4 }'))).toEqual([
      'tenants[0].environments[0].hosts: watched by Prometheus backend "prom", so it needs hosts: its servers by name and role, with the instance label when Prometheus names them differently',
    ]);
  });

  it('refuses a query for a check that does not exist, and an instance label that is not a label name', () => {
    const found = problems(
      fleet(
        '{ id: prom, kind: prometheus, url: "http://prom:9090", instanceLabel: "host name", queries: { cpuu: "up" } }',
        '{ id: acme-prod, kind: production, site: apac-syd, watchedBy: prom, hosts: [{ name: web-1, role: web }] }',
      ),
    );
    expect(found).toHaveLength(2);
    expect(found).toContain('backends[0].instanceLabel: expected a Prometheus label name');
    expect(found.find((problem) => problem.startsWith('backends[0].queries'))).toMatch(/cpuu/);
  });
});
