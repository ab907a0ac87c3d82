import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/errors.js';
import { events as eventNames, type EventName } from '../../shared/contract/methods.js';
import { createOpsCore } from '../../main/core/ops-core.js';
import { startBackend, type SeenRequest } from '../support/backend-server.js';
import { memoryKeytar } from '../support/connections-core.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';
import { ECHO_ENCODINGS, ECHO_ENCODING_NAMES, findSecrets, secretForms, storeFiles, type EchoEncoding } from '../support/secret-leak.js';
import { useTempDirs } from '../support/temp.js';

/**
 * One canary secret is every connector's credential; every backend answers every request with
 * an error that says it back, in each encoding in turn, in its body, in the headers it quotes,
 * and as plain text. Driven through the real core, the canary must be found nowhere: not in an
 * answer, an event, a log line, an audit row or a byte of the store's files.
 */

const CANARY = 'canary/S3cr3t+Tok=en 9c1f~x';
const VARIABLE = 'WATCHFLOOR_CANARY_SECRET';
const USER = 'watch';
const CONNECTIONS = ['prom', 'am', 'dd', 'es', 'status', 'octo', 'azure'] as const;

type Mode = EchoEncoding | 'quoted-headers' | 'plain-text';
const MODES: Mode[] = [...ECHO_ENCODING_NAMES, 'quoted-headers', 'plain-text'];

const tempDir = useTempDirs();
afterAll(() => {
  delete process.env[VARIABLE];
});

/** What the backend says back, in the mode under test; the same body serves every API's error shape (Entra's too). */
function echo(mode: Mode, request: SeenRequest): { status: number; type: string; body: string } {
  if (mode === 'plain-text') return { status: 502, type: 'text/html', body: `<html><body>proxy error: credential ${CANARY} rejected for ${request.path}</body></html>` };
  const said =
    mode === 'quoted-headers' ? JSON.stringify(JSON.stringify(request.headers)).slice(1, -1) : `token ${ECHO_ENCODINGS[mode](CANARY)} (${mode})`;
  const status = request.path.includes('/oauth2/') || mode.startsWith('json') ? 401 : 500;
  return {
    status,
    type: 'application/json',
    body: `{"error":"refused ${said}","error_description":"AADSTS7000215: Invalid client secret provided: ${said}","ErrorMessage":"refused ${said}","errors":["refused ${said}"]}`,
  };
}

function fleetYaml(url: string): string {
  const ref = `{ store: env, variable: ${VARIABLE} }`;
  return `version: 1
name: Canary fleet
backends:
  - { id: sim, kind: sandbox }
  - { id: prom, kind: prometheus, url: "${url}", pollMs: 1000, timeoutMs: 2000, auth: { type: basic, username: ${USER}, password: ${ref} } }
  - { id: am, kind: alertmanager, url: "${url}", pollMs: 1000, timeoutMs: 2000, auth: { type: bearer, token: ${ref} } }
  - { id: dd, kind: datadog, url: "${url}", pollMs: 5000, timeoutMs: 2000, auth: { type: datadog, apiKey: ${ref}, applicationKey: ${ref} } }
  - { id: es, kind: elasticsearch, url: "${url}", timeoutMs: 2000, auth: { type: api-key, key: ${ref} } }
  - { id: status, kind: statuspage, url: "${url}", pageId: page1, timeoutMs: 2000, auth: { type: oauth-key, key: ${ref} } }
  - { id: octo, kind: octopus, url: "${url}", project: Web, timeoutMs: 2000, auth: { type: octopus, apiKey: ${ref} } }
  - id: azure
    kind: azure-app-service
    url: "${url}"
    subscriptionId: sub-1
    resourceGroup: rg-1
    timeoutMs: 2000
    auth: { type: entra, tenantId: tenant-1, clientId: client-1, authority: "${url}", clientSecret: ${ref} }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-prod, kind: production, site: apac-syd, watchedBy: prom, hosts: [{ name: web-1, role: web }], watch: { alertsFrom: [am], logs: { from: es } } }
      - { id: harbour-dr, kind: production, site: apac-syd, watchedBy: dd, hosts: [{ name: web-2, role: web }] }
      - { id: harbour-uat, kind: uat, site: apac-syd, watchedBy: sim, deployedBy: octo }
deploys:
  releases:
    - { version: 1.2.3, type: enhancement, notes: Canary release }
`;
}

describe('a canary secret as every credential, echoed back by every backend in every encoding', () => {
  it('is found in no answer, event, log line, audit row or store file', async () => {
    let mode: Mode = 'raw';
    const seen: string[] = [];
    const backend = await startBackend((request, response) => {
      seen.push(`${mode} ${request.method} ${request.path}`);
      const { status, type, body } = echo(mode, request);
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    });
    process.env[VARIABLE] = CANARY;
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(fleetFile, fleetYaml(backend.url));
    const logs: string[] = [];
    const outputs: Array<{ where: string; text: string }> = [];
    const core = createOpsCore({ dataDir, version: 'test', fleetFile, log: (line) => logs.push(line), keytar: async () => memoryKeytar(), http: { retries: 0, breakerFailures: 1000 } });
    for (const event of Object.keys(eventNames) as EventName[]) core.subscribe(event, (payload) => outputs.push({ where: `event ${event}`, text: JSON.stringify(payload) }));
    let keys = 0;
    const call = async (method: string, input: Record<string, unknown>): Promise<Result<unknown>> => {
      const result = await core.dispatch(method, input);
      outputs.push({ where: `${method} answer`, text: JSON.stringify(result) });
      return result;
    };
    const tested: string[] = [];
    const filesBeforeClose: Array<{ where: string; text: string }> = [];

    try {
      for (const current of MODES) {
        mode = current;
        for (const id of CONNECTIONS) {
          const result = await call('connections.test', { target: { by: 'id', id } });
          if (result.ok) tested.push(`${current} ${id}: ${(result.value as { message: string }).message}`);
        }
        await call('silences.create', {
          idempotencyKey: `canary-${(keys += 1)}`,
          connectionId: 'am',
          matchers: [{ name: 'environment', value: 'harbour-prod', isRegex: false, isEqual: true }],
          durationMinutes: 60,
          comment: `canary run ${current}`,
        });
        await call('fleet.logs', { environmentId: 'harbour-prod' });
        const request = { action: 'deploy', version: '1.2.3', target: { by: 'environments', ids: ['harbour-uat'] }, reason: `canary ${current}` };
        await call('deploys.preview', { request });
        await call('deploys.start', { idempotencyKey: `canary-${(keys += 1)}`, request });
        await call('alerts.list', {});
        await call('connections.list', {});
        // The pollers (health, alerts) meet this mode too.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      for (const method of ['connections.list', 'alerts.list', 'silences.list', 'fleet.snapshot', 'deploys.overview', 'system.info'] as const) await call(method, {});
      await call('fleet.environment', { id: 'harbour-prod' });
      await call('audit.list', { query: { limit: 500 } });
      filesBeforeClose.push(...storeFiles(dataDir).map((file) => ({ ...file, where: `${file.where} (running)` })));
    } finally {
      core.close();
      await backend.close();
    }

    // The canary did go out, every connector's error path ran, and the echoes did reach the messages, redacted.
    for (const id of CONNECTIONS) expect(tested.filter((line) => line.includes(` ${id}: `)).length).toBeGreaterThanOrEqual(MODES.length);
    expect(tested.filter((line) => line.includes('[secret]')).length).toBeGreaterThan(MODES.length * 4);
    expect(seen.some((line) => line.includes('/oauth2/v2.0/token'))).toBe(true);
    expect(seen.some((line) => line.includes('/api/v1/query'))).toBe(true);
    expect(seen.some((line) => line.includes('/api/v2/alerts'))).toBe(true);
    // A deploy refused because Octopus cannot be reached quotes Octopus's words, into the audit trail too.
    expect(outputs.filter((output) => output.where === 'deploys.start answer' && output.text.includes('[secret]')).length).toBeGreaterThan(0);
    const audit = outputs.find((output) => output.where === 'audit.list answer');
    expect(audit?.text).toContain('silences.create');

    const forms = secretForms(CANARY, USER);
    const leaks = findSecrets(
      [
        ...outputs,
        ...tested.map((text, i) => ({ where: `connection test ${i}`, text })),
        ...logs.map((text, i) => ({ where: `log line ${i}`, text })),
        ...filesBeforeClose,
        ...storeFiles(dataDir),
      ],
      forms,
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
