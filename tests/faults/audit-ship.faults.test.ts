import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { AuditExport, AuditShipping } from '../../shared/contract/audit.js';
import { auditShipFleetYaml } from '../support/audit-ship-fleet.js';
import { ElasticsearchFake } from '../support/fakes/elasticsearch-fake.js';
import type { ServeProcess } from '../support/serve-process.js';
import { until } from '../support/until.js';
import { startCore } from './support/core-process.js';
import { FaultProxy } from './support/fault-proxy.js';
import { appendRun } from './support/tally.js';

/**
 * Audit shipping to Elasticsearch behind a fault proxy: the answer to one `_create` is lost
 * after the fake stored the row, and the core is killed with SIGKILL while another `_create`
 * has reached the fake and its answer is held; started again on its store, the core ships the
 * rest, and the fake holds every row exactly once, its document id the row's chain hash.
 */

const API_KEY = 'ZmF1bHRzOmF1ZGl0LXNoaXA=';
const KEY_VARIABLE = 'FAULTS_AUDIT_SHIP_ES_KEY';
const INDEX = 'watchfloor-audit';
const CREATE = new RegExp(`^/${INDEX}/_create/[0-9a-f]{64}$`);

let fake: ElasticsearchFake;
let proxy: FaultProxy;
let dataDir: string;
const cores: ServeProcess[] = [];

beforeAll(async () => {
  fake = await ElasticsearchFake.start({ apiKey: API_KEY });
  proxy = await FaultProxy.start(fake.url);
  dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-audit-ship-faults-'));
});

afterAll(async () => {
  for (const core of cores) await core.kill();
  await proxy?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function core(fleetFile: string): Promise<ServeProcess> {
  const started = await startCore({ dataDir, fleetFile, secrets: { [KEY_VARIABLE]: API_KEY } });
  cores.push(started);
  return started;
}

async function call<T>(process: ServeProcess, method: string, input: Record<string, unknown>): Promise<T> {
  const answer = await process.call(method, input);
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.kind}: ${answer.error?.message}`);
  return answer.value as T;
}

/** One audit row, named by the profile it saved. */
const saveOperator = (process: ServeProcess, name: string) => call(process, 'settings.saveOperator', { name, email: 'ops@example.com', idempotencyKey: `save-${name}` });

it('holds every audit row exactly once after a lost answer and a kill -9 mid-shipping', async () => {
  const fleetFile = join(dataDir, 'fleet.yaml');
  writeFileSync(fleetFile, auditShipFleetYaml({ url: proxy.url, index: INDEX, keyVariable: KEY_VARIABLE, timeoutMs: 3000 }));
  const first = await core(fleetFile);

  // The fake stores the first row, the connection is cut before its answer: the core must find it already there.
  const lost = proxy.arm('PUT', CREATE, { kind: 'drop-answer' }, 1);
  await saveOperator(first, 'Ada');
  await lost.reached;
  await until(async () => expect((await call<AuditShipping>(first, 'audit.shipping', {})).waiting).toBe(0), 30_000);

  // The next row reaches the fake, its answer is held, and the core dies before it hears back.
  const held = proxy.arm('PUT', CREATE, { kind: 'tap', stage: 'after-forward' }, 1);
  for (const name of ['Grace', 'Edsger', 'Barbara']) await saveOperator(first, name);
  await held.reached;
  await first.kill();
  proxy.heal();
  expect(fake.documentsOf(INDEX)).toHaveLength(2);

  const second = await core(fleetFile);
  await until(() => expect(fake.documentsOf(INDEX)).toHaveLength(4), 60_000);
  await until(async () => expect((await call<AuditShipping>(second, 'audit.shipping', {})).waiting).toBe(0), 30_000);

  const exported = await call<AuditExport>(second, 'audit.export', {});
  const hashes = exported.jsonl.trim().split('\n').map((line) => (JSON.parse(line) as { hash: string }).hash);
  const documents = fake.documentsOf(INDEX);
  appendRun(inject('faultsTally'), { file: 'audit-ship', run: 'a lost create answer, then kill -9 mid-create', kills: 1, expected: hashes.length, counted: documents.length });
  expect(new Set(documents.map((document) => document.id)).size).toBe(documents.length);
  expect(documents.map((document) => document.id)).toEqual(hashes);
  expect(documents.map((document) => document.source.who)).toEqual(['Ada', 'Grace', 'Edsger', 'Barbara'].map((name) => `${name} <ops@example.com>`));
  // Both faults were met: the lost answer's row and the held one were each sent more than once.
  expect(proxy.seen.filter((request) => request.startsWith('PUT ')).length).toBeGreaterThan(4);
}, 180_000);
