import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import type { AuditExport, AuditShipping } from '../../shared/contract/audit.js';
import { ElasticsearchFake } from '../support/fakes/elasticsearch-fake.js';
import { auditShipFleetYaml } from '../support/audit-ship-fleet.js';
import { until } from '../support/until.js';

/**
 * The core ships its own audit rows: commands run through the contract end up as documents in
 * the Elasticsearch index the fleet file's audit.ship names, one per row, counted on the fake;
 * the file changed to another index, the next rows go there.
 */

const API_KEY = 'YXVkaXQ6c2hpcC1zZWNyZXQ=';
const KEY_VARIABLE = 'AUDIT_SHIP_TEST_ES_KEY';

const fleetYaml = (url: string, index: string) => auditShipFleetYaml({ url, index, keyVariable: KEY_VARIABLE });

describe('the core ships its audit trail', () => {
  let fake: ElasticsearchFake;
  let dir: string;
  const cores: OpsCore[] = [];

  beforeAll(async () => {
    process.env[KEY_VARIABLE] = API_KEY;
    fake = await ElasticsearchFake.start({ apiKey: API_KEY });
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-audit-ship-'));
  });
  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
  });
  afterAll(async () => {
    delete process.env[KEY_VARIABLE];
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Each save is one audit row, named by the profile it saved.
  const saveOperator = async (core: OpsCore, name: string) => {
    const answer = await core.dispatch('settings.saveOperator', { name, email: 'ops@example.com', idempotencyKey: `save-${name}` });
    expect(answer.ok).toBe(true);
  };

  it('writes every row appended through commands to the index once, and to the new index after the file changes', async () => {
    const fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(fleetFile, fleetYaml(fake.url, 'watchfloor-audit'));
    const core = createOpsCore({ dataDir: join(dir, 'data'), version: 'test', fleetFile, log: () => {}, operator: 'noc', auditShip: { minDelayMs: 50, maxDelayMs: 500, idleMs: 60_000 } });
    cores.push(core);

    for (const name of ['Ada', 'Grace', 'Edsger']) await saveOperator(core, name);
    // The shipper looks at an empty queue only once a minute here: the rows arrive because each append nudges it.
    await until(() => expect(fake.documentsOf('watchfloor-audit')).toHaveLength(3), 30_000);
    const exported = (await core.dispatch('audit.export', {})) as { ok: true; value: AuditExport };
    const hashes = exported.value.jsonl.trim().split('\n').map((line) => (JSON.parse(line) as { hash: string }).hash);
    expect(fake.documentsOf('watchfloor-audit').map((document) => document.id)).toEqual(hashes);
    expect(fake.documentsOf('watchfloor-audit').map((document) => document.source.who)).toEqual(['Ada <ops@example.com>', 'Grace <ops@example.com>', 'Edsger <ops@example.com>']);
    const shipping = (await core.dispatch('audit.shipping', {})) as { ok: true; value: AuditShipping };
    expect(shipping.value).toMatchObject({ type: 'elasticsearch', target: 'Elasticsearch "central-logs", index watchfloor-audit', waiting: 0, lastError: null, problem: null });

    writeFileSync(fleetFile, fleetYaml(fake.url, 'watchfloor-audit-2'));
    await until(async () => {
      const state = (await core.dispatch('audit.shipping', {})) as { ok: true; value: AuditShipping };
      expect(state.value.target).toBe('Elasticsearch "central-logs", index watchfloor-audit-2');
    }, 30_000);
    await saveOperator(core, 'Barbara');
    await until(() => expect(fake.documentsOf('watchfloor-audit-2').map((document) => document.source.who)).toEqual(['Barbara <ops@example.com>']), 30_000);
    expect(fake.documentsOf('watchfloor-audit')).toHaveLength(3);
  }, 120_000);
});
