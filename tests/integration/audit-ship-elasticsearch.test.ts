import { afterEach, describe, expect, it } from 'vitest';
import { AuditShipper } from '../../main/core/audit/audit-shipper.js';
import { ElasticsearchSink } from '../../main/core/audit/elasticsearch-sink.js';
import { ElasticsearchApi } from '../../main/core/connectors/elasticsearch/elasticsearch-api.js';
import { AuditRepo } from '../../main/core/store/audit-repo.js';
import { AuditShipRepo } from '../../main/core/store/audit-ship-repo.js';
import { openDatabase } from '../../main/core/store/database.js';
import { ElasticsearchBackend } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { ElasticsearchFake } from '../support/fakes/elasticsearch-fake.js';
import { useTempDirs } from '../support/temp.js';

/** Audit rows reach an Elasticsearch index once each, in order, by their chain hash, even when one was already written before its answer was lost. */

const API_KEY = 'a2V5OnNlY3JldA==';
const row = (action: string) => ({ at: Date.parse('2026-12-08T01:00:00Z'), who: 'ops', host: 'desktop' as const, action, target: 'acme-prod', why: null, result: 'succeeded' as const, detail: '', deploymentId: null });

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('audit shipping to Elasticsearch', () => {
  const tempDir = useTempDirs();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('writes each row once under its hash, a row already there (its answer lost) counted as shipped, not doubled', async () => {
    const fake = await ElasticsearchFake.start({ apiKey: API_KEY });
    cleanups.push(() => fake.close());
    const db = openDatabase(tempDir());
    cleanups.push(async () => {
      db.close();
    });
    const audit = new AuditRepo(db);
    for (const action of ['deploy', 'rollback', 'silence']) audit.append(row(action));
    const rows = [...audit.chained()];
    // The first row reached the index before, but its answer never came back: it is still queued.
    const first = rows[0]!;
    await fetch(`${fake.url}/watchfloor-audit/_create/${first.hash}`, { method: 'PUT', headers: { Authorization: `ApiKey ${API_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(first) });

    const definition = ElasticsearchBackend.parse({ id: 'central-logs', kind: 'elasticsearch', url: fake.url });
    const api = new ElasticsearchApi(backendClient(definition, { type: 'api-key', key: API_KEY }), 'Elasticsearch "central-logs"');
    const queue = new AuditShipRepo(db);
    const shipper = new AuditShipper(queue, new ElasticsearchSink(api, 'watchfloor-audit'), Date.now, { minDelayMs: 50, maxDelayMs: 200, idleMs: 50 });
    cleanups.push(() => shipper.stop());
    shipper.start();

    await until(() => queue.state().waiting === 0, 'the queue to empty');
    const documents = fake.documentsOf('watchfloor-audit');
    expect(documents.map((document) => document.id)).toEqual(rows.map((entry) => entry.hash));
    expect(documents.map((document) => document.source.action)).toEqual(['deploy', 'rollback', 'silence']);
    expect(queue.state().lastError).toBeNull();
  }, 90_000);
});
