import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/errors.js';
import type { Connector, NewSilence, SilenceStore } from '../../main/core/connectors/capabilities.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { STORE_FILE } from '../../main/core/store/database.js';
import { startWebHost, type WebHost } from '../../main/web/web-host.js';
import { rawRequest } from '../support/http.js';
import { useTempDirs } from '../support/temp.js';

/**
 * Idempotency keys through the whole core (and the browser host): a key is taken by one command
 * from before it runs; refusals are final answers; an answer lost by the backend leaves the
 * command in doubt, and its retry looks on the backend before sending again.
 */

const TOKEN = 'test-token-0123456789abcdef';

/** The simulated fleet's silence store, with what the test makes it do before (or after) each silence is made. */
class ScriptedSilences implements SilenceStore {
  /** Runs before the store makes the silence; may wait, or throw as a backend would. */
  before: () => Promise<void> = async () => {};
  /** Runs after the store made it: throwing here is an answer lost after the backend acted. */
  after: () => void = () => {};
  /** Runs before the store lists its silences; may throw as a backend would. */
  beforeList: () => void = () => {};
  made = 0;
  expired = 0;

  constructor(private readonly inner: SilenceStore) {}

  listSilences(signal: AbortSignal) {
    this.beforeList();
    return this.inner.listSilences(signal);
  }

  async createSilence(silence: NewSilence, signal: AbortSignal): Promise<string> {
    await this.before();
    const id = await this.inner.createSilence(silence, signal);
    this.made += 1;
    this.after();
    return id;
  }

  async expireSilence(id: string, signal: AbortSignal): Promise<void> {
    await this.inner.expireSilence(id, signal);
    this.expired += 1;
    this.after();
  }
}

function withSilences(connector: Connector, silences: SilenceStore): Connector {
  return new Proxy(connector, { get: (target, property) => (property === 'silences' ? silences : Reflect.get(target, property, target)) });
}

describe('idempotency keys', () => {
  const tempDir = useTempDirs();
  const open: Array<{ core: OpsCore; host?: WebHost }> = [];
  afterEach(async () => {
    for (const { core, host } of open.splice(0)) {
      await host?.close();
      core.close();
    }
  });

  function start() {
    const dir = tempDir();
    let silences: ScriptedSilences | undefined;
    const core = createOpsCore({
      dataDir: dir,
      version: 'test',
      sandboxSize: 50,
      log: () => {},
      operator: 'noc',
      createConnectors: (backends, deps) => {
        const connectors = createConnectors(backends, deps);
        const sandbox = connectors.get('sandbox');
        if (sandbox?.silences) {
          silences = new ScriptedSilences(sandbox.silences);
          connectors.set('sandbox', withSilences(sandbox, silences));
        }
        return connectors;
      },
    });
    open.push({ core });
    if (!silences) throw new Error('expected the sandbox to hold silences');
    /** The audit rows of an action as the store holds them, by result. */
    const auditRows = (action: string): Record<string, number> => {
      const db = new Database(join(dir, STORE_FILE), { readonly: true });
      try {
        const rows = db.prepare('SELECT result, COUNT(*) AS n FROM audit WHERE action = ? GROUP BY result').all(action) as Array<{ result: string; n: number }>;
        return Object.fromEntries(rows.map((row) => [row.result, row.n]));
      } finally {
        db.close();
      }
    };
    return { core, silences, auditRows };
  }

  const silence = (comment: string, idempotencyKey: string, value = 'acme-prod') => ({
    connectionId: 'sandbox',
    matchers: [{ name: 'environment', value, isRegex: false, isEqual: true }],
    durationMinutes: 30,
    comment,
    idempotencyKey,
  });

  it('refuses another command sent with a key still in flight with 409 naming the key; the first gets its own answer', async () => {
    const { core, silences } = start();
    const host = await startWebHost({ core, token: TOKEN, port: 0, staticDir: '/nonexistent', log: () => {} });
    open[open.length - 1] = { core, host };
    let release: () => void = () => {};
    let reached: () => void = () => {};
    const atBackend = new Promise<void>((resolve) => (reached = resolve));
    silences.before = () => {
      reached();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const post = (method: string, body: unknown) =>
      rawRequest(host.port, { method: 'POST', path: `/api/${method}`, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    const first = post('silences.create', silence('Patching acme-prod', 'shared-key-0001'));
    await atBackend;
    const other = await post('sandbox.injectFault', { environmentId: 'acme-prod', check: 'disk', severity: 'critical', durationSeconds: 60, idempotencyKey: 'shared-key-0001' });
    const sameMethodOtherInput = await post('silences.create', silence('Patching acme-uat', 'shared-key-0001', 'acme-uat'));
    release();

    expect(other.status).toBe(409);
    expect(JSON.parse(other.body)).toEqual({
      ok: false,
      error: { kind: 'conflict', message: 'idempotency key "shared-key-0001" is already used for silences.create, which is still running; send a new command with a new key' },
    });
    expect(sameMethodOtherInput.status).toBe(409);
    expect(JSON.parse(sameMethodOtherInput.body).error.message).toContain('"shared-key-0001" is already used for silences.create with other input');
    const answered = await first;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ ok: true, value: { comment: 'Patching acme-prod' } });
    expect(silences.made).toBe(1);
  });

  it('keeps a refusal as the final answer: the same key gets it again without running, and the trail has one row', async () => {
    const { core, silences, auditRows } = start();
    const refusedBySandbox = { ...silence('Bad regex', 'refused-key-0001'), matchers: [{ name: 'environment', value: '(', isRegex: true, isEqual: true }] };
    const first = (await core.dispatch('silences.create', refusedBySandbox)) as Result<unknown>;
    expect(first).toEqual({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('is not a valid regular expression') } });

    silences.before = async () => {
      throw new Error('a final answer must not reach the backend again');
    };
    expect(await core.dispatch('silences.create', refusedBySandbox)).toEqual(first);
    expect(await core.dispatch('silences.create', refusedBySandbox)).toEqual(first);
    expect(auditRows('silences.create')).toEqual({ failed: 1 });
  });

  it('an answer lost after the backend made the silence leaves it in doubt; the retry finds that silence and makes none', async () => {
    const { core, silences, auditRows } = start();
    let lose = true;
    silences.after = () => {
      if (lose) throw new ConnectorError('network', 'Simulated monitoring: socket hang up');
    };
    const request = silence('Kernel update on acme-prod', 'doubt-key-0001');

    const first = (await core.dispatch('silences.create', request)) as Result<unknown>;
    expect(first).toEqual({ ok: false, error: { kind: 'in-doubt', message: expect.stringContaining('socket hang up') } });
    expect(!first.ok && first.error.message).toContain('send the same request again');
    lose = false;
    const retried = (await core.dispatch('silences.create', request)) as Result<{ id: string; comment: string }>;
    const again = await core.dispatch('silences.create', request);

    const held = (await silences.listSilences(AbortSignal.timeout(1000))).filter((candidate) => candidate.comment.startsWith('Kernel update on acme-prod'));
    expect(silences.made).toBe(1);
    expect(held).toHaveLength(1);
    expect(held[0]?.comment).toBe('Kernel update on acme-prod [watchfloor:command:doubt-key-0001]');
    expect(retried).toEqual({ ok: true, value: expect.objectContaining({ id: held[0]?.id, comment: 'Kernel update on acme-prod', state: 'active' }) });
    expect(again).toEqual(retried);
    // One row per run: the attempt in doubt, and the retry that found its silence.
    expect(auditRows('silences.create')).toEqual({ 'in-doubt': 1, succeeded: 1 });
  });

  it('sends nothing while the backend cannot say whether the first attempt made the silence', async () => {
    const { core, silences } = start();
    silences.after = () => {
      throw new ConnectorError('timeout', 'Simulated monitoring: did not answer within 10 s');
    };
    const request = silence('Disk swap on acme-prod', 'doubt-key-0002');
    expect(await core.dispatch('silences.create', request)).toMatchObject({ ok: false, error: { kind: 'in-doubt' } });

    silences.after = () => {};
    silences.beforeList = () => {
      throw new ConnectorError('refused', 'Simulated monitoring: connection refused');
    };
    const unchecked = (await core.dispatch('silences.create', request)) as Result<unknown>;
    expect(unchecked).toEqual({ ok: false, error: { kind: 'in-doubt', message: expect.stringContaining('could not be checked') } });
    expect(!unchecked.ok && unchecked.error.message).toContain('connection refused');
    expect(silences.made).toBe(1);

    silences.beforeList = () => {};
    expect(await core.dispatch('silences.create', request)).toMatchObject({ ok: true, value: { comment: 'Disk swap on acme-prod' } });
    expect(silences.made).toBe(1);
  });

  it('an expiry whose answer was lost is not sent again once the backend shows the silence expired', async () => {
    const { core, silences } = start();
    const made = (await core.dispatch('silences.create', silence('Reboot acme-prod', 'expire-key-0000'))) as Result<{ id: string }>;
    if (!made.ok) throw new Error(made.error.message);
    silences.after = () => {
      throw new ConnectorError('network', 'Simulated monitoring: socket hang up');
    };
    const request = { connectionId: 'sandbox', silenceId: made.value.id, idempotencyKey: 'expire-key-0001' };
    expect(await core.dispatch('silences.expire', request)).toMatchObject({ ok: false, error: { kind: 'in-doubt' } });
    silences.after = () => {};
    expect(await core.dispatch('silences.expire', request)).toEqual({ ok: true, value: { silenceId: made.value.id } });
    expect(silences.expired).toBe(1);
  });
});
