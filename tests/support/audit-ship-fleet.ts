import { APAC_REGION_YAML } from './fleet-yaml.js';

/**
 * A fleet file that ships its audit trail to `index` of an Elasticsearch backend "central-logs"
 * at `url` (the fake, or a proxy in front of it), its API key read from the environment variable
 * `keyVariable`; one customer watched by the sandbox.
 */
export function auditShipFleetYaml(options: { url: string; index: string; keyVariable: string; timeoutMs?: number }): string {
  return [
    'version: 1',
    'name: Audit shipping',
    'backends:',
    '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }',
    `  - { id: central-logs, kind: elasticsearch, url: "${options.url}", timeoutMs: ${options.timeoutMs ?? 5000}, auth: { type: api-key, key: { store: env, variable: ${options.keyVariable} } } }`,
    APAC_REGION_YAML,
    'tenants:',
    '  - { id: drill, name: Drill Co, region: apac, environments: [{ id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }] }',
    `audit: { ship: { type: elasticsearch, backend: central-logs, index: ${options.index} } }`,
    '',
  ].join('\n');
}
