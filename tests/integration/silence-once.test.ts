import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SilenceView } from '../../shared/contract/alerts.js';
import type { Result } from '../../shared/contract/errors.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { eventually, startPromStack, type PromStack } from '../support/prom-stack.js';
import { startSlowProxy, type SlowProxy } from '../support/slow-proxy.js';

/**
 * silences.create against the real Alertmanager behind a proxy that holds back its answers:
 * Alertmanager makes the silence, the console times out. Retried with the same key, or after
 * a restart, the console asks Alertmanager before sending anything, and exactly one silence
 * exists — counted on Alertmanager itself.
 */

const TIMEOUT_MS = 1000;

interface HeldSilence {
  id: string;
  comment: string;
  status: { state: string };
}

describe('a silence whose answer is lost is made once', () => {
  let stack: PromStack;
  let proxy: SlowProxy;
  let dir: string;
  let fleetFile: string;
  const cores: OpsCore[] = [];

  const held = async (comment: string): Promise<HeldSilence[]> =>
    ((await (await fetch(`${stack.alertmanagerUrl}/api/v2/silences`)).json()) as HeldSilence[]).filter((silence) => silence.comment.startsWith(comment));
  const postsOfSilences = () => proxy.requests.filter((request) => request.method === 'POST' && request.path === '/api/v2/silences').length;
  const isSilencePost = (request: { method: string; path: string }) => request.method === 'POST' && request.path === '/api/v2/silences';

  function startCore(dataDir: string): OpsCore {
    const core = createOpsCore({ dataDir, version: 'test', fleetFile, log: () => {}, operator: 'noc', http: { retries: 0 } });
    cores.push(core);
    return core;
  }

  const create = (core: OpsCore, comment: string, idempotencyKey: string) =>
    core.dispatch('silences.create', {
      connectionId: 'am',
      matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }],
      durationMinutes: 60,
      comment,
      idempotencyKey,
    }) as Promise<Result<SilenceView>>;

  beforeAll(async () => {
    stack = await startPromStack();
    proxy = await startSlowProxy(stack.alertmanagerUrl);
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-test-'));
    fleetFile = join(dir, 'fleet.yaml');
    const example = readFileSync(new URL('../../resources/fleet.example.yaml', import.meta.url), 'utf8');
    writeFileSync(fleetFile, example.replace('    faultRate: 0.01\n', `    faultRate: 0\n  - { id: am, kind: alertmanager, url: "${proxy.url}", timeoutMs: ${TIMEOUT_MS} }\n`));
  }, 60_000);

  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
    proxy.holdAnswers(() => false, 0);
  });

  afterAll(async () => {
    await proxy?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('retried with the same key after a timeout, answers the silence Alertmanager made instead of making another', async () => {
    const core = startCore(join(dir, 'retry'));
    proxy.holdAnswers(isSilencePost, 2500);
    const comment = 'Patching acme-prod (retry)';

    const first = await create(core, comment, 'retry-key-0001');
    // As the renderer used to: two more tries with the same key, while Alertmanager is still slow.
    const second = await create(core, comment, 'retry-key-0001');
    const third = await create(core, comment, 'retry-key-0001');

    const silences = await held(comment);
    expect(silences).toHaveLength(1);
    expect(postsOfSilences()).toBe(1);
    expect(first).toEqual({ ok: false, error: { kind: 'in-doubt', message: expect.stringContaining('did not answer') } });
    expect(second).toEqual({ ok: true, value: expect.objectContaining({ id: silences[0]?.id, comment, state: 'active' }) });
    expect(third).toEqual(second);
  });

  it('after a crash while in doubt, the retry asks Alertmanager first and adopts the silence it holds', async () => {
    const dataDir = join(dir, 'restart');
    const crashed = startCore(dataDir);
    proxy.holdAnswers(isSilencePost, Infinity);
    const posts = postsOfSilences();
    const comment = 'Patching acme-prod (restart)';

    // The first process sends the silence and never hears back; a second process on the same store takes over.
    void create(crashed, comment, 'restart-key-0001');
    await eventually('the silence in Alertmanager', async () => ((await held(comment)).length > 0 ? true : undefined), 5000);
    const restarted = startCore(dataDir);
    const retried = await create(restarted, comment, 'restart-key-0001');

    const silences = await held(comment);
    expect(silences).toHaveLength(1);
    expect(postsOfSilences() - posts).toBe(1);
    expect(retried).toEqual({ ok: true, value: expect.objectContaining({ id: silences[0]?.id, comment }) });
  });
});
