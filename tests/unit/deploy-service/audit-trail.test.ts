import { describe, expect, it } from 'vitest';
import { expectNoSecrets, secretForms, storeFiles } from '../../support/secret-leak.js';
import { memoryKeytar } from '../../support/connections-core.js';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { keepServer, OPERATOR, startDeployCore, startSlotPages, writeDeployFleet } from './deploy-core.js';

const tempDir = useTempDirs();

async function setup() {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const keytar = memoryKeytar();
  const deploy = startDeployCore({ dir, fleetFile: writeDeployFleet(dir, pages.url), scripted, extra: { keytar: async () => keytar } });
  return { dir, deploy };
}

describe('the audit trail', () => {
  it('keeps every console command with who, what, where, when and the result, newest first, a page at a time', async () => {
    const { deploy } = await setup();
    for (const [index, environmentId] of ['harbour-train', 'harbour-prod', 'harbour-train', 'harbour-prod', 'harbour-train'].entries()) {
      deploy.clock.advance(1000);
      await deploy.value('sandbox.injectFault', { environmentId, check: 'cpu', severity: index % 2 === 0 ? 'warning' : 'critical', durationSeconds: 60 });
    }
    const missing = await deploy.call('sandbox.injectFault', { environmentId: 'nowhere', check: 'cpu', severity: 'warning', durationSeconds: 60 });
    expect(missing.ok).toBe(false);

    const first = await deploy.value('audit.list', { query: { limit: 2 } });
    expect(first.entries.map((entry) => [entry.target, entry.result])).toEqual([
      ['environmentId nowhere, check cpu, severity warning', 'failed'],
      ['environmentId harbour-train, check cpu, severity warning', 'succeeded'],
    ]);
    expect(first.entries[1]).toMatchObject({ who: OPERATOR, action: 'sandbox.injectFault', at: deploy.clock.now(), why: null, deploymentId: null });
    expect(first.entries[0]?.detail).toMatch(/^not-found: /);
    expect(first.nextBefore).toBe(first.entries[1]?.id);

    const second = await deploy.value('audit.list', { query: { limit: 2, before: first.nextBefore ?? 0 } });
    const third = await deploy.value('audit.list', { query: { limit: 2, before: second.nextBefore ?? 0 } });
    expect([...first.entries, ...second.entries, ...third.entries]).toHaveLength(6);
    expect(third.nextBefore).toBeNull();
    const ids = [...first.entries, ...second.entries, ...third.entries].map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const prod = await deploy.value('audit.list', { query: { limit: 100, text: 'HARBOUR-PROD' } });
    expect(prod.entries).toHaveLength(2);
    expect(prod.entries.every((entry) => entry.target.includes('harbour-prod'))).toBe(true);
    const critical = await deploy.value('audit.list', { query: { limit: 100, text: 'critical' } });
    expect(critical.entries).toHaveLength(2);
    const wildcard = await deploy.value('audit.list', { query: { limit: 100, text: '%' } });
    expect(wildcard.entries).toEqual([]);
  });

  it('names a saved connection by id and kind and keeps its secret out of the trail and the store', async () => {
    const { dir, deploy } = await setup();
    const secret = 'prom-token-Zq81-secret-value';
    const events: number[] = [];
    deploy.core.subscribe('audit.appended', ({ id }) => events.push(id));
    const saved = await deploy.call('connections.save', {
      connection: { id: 'prom-x', kind: 'prometheus', name: 'Prometheus X', baseUrl: 'http://127.0.0.1:9/', timeoutMs: 1000, auth: { type: 'bearer', token: { store: 'keychain', value: secret } } },
    });
    expect(saved.ok).toBe(true);
    const page = await deploy.value('audit.list', { query: { limit: 10 } });
    expect(page.entries[0]).toMatchObject({ action: 'connections.save', target: 'connection prom-x (prometheus)', result: 'succeeded', who: OPERATOR });
    expect(events).toEqual([page.entries[0]?.id]);
    deploy.close();
    expectNoSecrets([{ where: 'audit.list', text: JSON.stringify(page) }, ...storeFiles(dir)], secretForms(secret));
  });
});
