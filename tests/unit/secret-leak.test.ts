import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../shared/contract/connections.js';
import { closedPort, json, startBackend, type BackendServer } from '../support/backend-server.js';
import { fakePrometheus, memoryKeytar, startCore, writeConnectionsFleet } from '../support/connections-core.js';
import { expectNoSecrets, secretForms, storeFiles } from '../support/secret-leak.js';
import { useTempDirs } from '../support/temp.js';

const ENV_NAME = 'WATCHFLOOR_LEAK_TEST_TOKEN';
const ENV_SECRET = 'leak-env-token-6a0f3e91';
const KEYCHAIN_SECRET = 'leak-keychain-pass-0c7d55';
const WRONG_SECRET = 'leak-wrong-secret-77b1c2';
const USER = 'watch';

const tempDir = useTempDirs();
const servers: BackendServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  delete process.env[ENV_NAME];
});

async function backend(handler: Parameters<typeof startBackend>[0]): Promise<BackendServer> {
  const server = await startBackend(handler);
  servers.push(server);
  return server;
}

function promAu(baseUrl: string, password: ConnectionInput extends { auth: infer A } ? A : never): ConnectionInput {
  return { id: 'prom-au', kind: 'prometheus', name: 'Prometheus APAC', baseUrl, timeoutMs: 2000, auth: password };
}

const typed = (value: string) => ({ type: 'basic' as const, username: USER, password: { store: 'keychain' as const, value } });
const keep = { type: 'basic' as const, username: USER, password: { store: 'keep' as const } };

describe('secrets', () => {
  it('appear in no contract output, event, log line, error message or store file, whatever goes wrong', async () => {
    const basic = `Basic ${Buffer.from(`${USER}:${KEYCHAIN_SECRET}`).toString('base64')}`;
    const prometheus = await backend(fakePrometheus(() => basic));
    const fileProm = await backend(fakePrometheus(() => `Bearer ${ENV_SECRET}`));
    // A failing backend that echoes the request's credentials in its error, as some proxies do.
    const echo = await backend((request, response) =>
      json(response, 500, { status: 'error', error: `upstream refused ${String(request.headers.authorization)} (${JSON.stringify(request.headers)})` }),
    );
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const keytar = memoryKeytar();
    const { core, call, logs, outputs } = startCore(dataDir, writeConnectionsFleet(dir, fileProm.url, ENV_NAME), keytar);
    const failures: string[] = [];
    /** Error messages: a refused call's, or a failed connection test's. */
    const record = (result: { ok: boolean; error?: { message: string }; value?: unknown }) => {
      if (!result.ok && result.error) failures.push(result.error.message);
      const value = result.value as { ok?: boolean; message?: string } | undefined;
      if (value?.ok === false && value.message) failures.push(value.message);
      return result;
    };

    try {
      // The env reference: listed and tested unset, then set.
      await call('connections.list', {});
      record(await call('connections.test', { target: { by: 'id', id: 'prom-file' } }));
      process.env[ENV_NAME] = ENV_SECRET;
      expect(await call('connections.test', { target: { by: 'id', id: 'prom-file' } })).toMatchObject({ ok: true, value: { ok: true } });

      // The keychain reference: a wrong secret, then the right one, as drafts and saved.
      const wrong = record(await call('connections.test', { target: { by: 'draft', connection: promAu(prometheus.url, typed(WRONG_SECRET)) } }));
      expect(wrong).toMatchObject({ ok: true, value: { ok: false, failure: 'unauthorized' } });
      record(await call('connections.save', { connection: promAu(prometheus.url, typed(WRONG_SECRET)) }));
      expect(record(await call('connections.test', { target: { by: 'id', id: 'prom-au' } }))).toMatchObject({ ok: true, value: { failure: 'unauthorized' } });
      record(await call('connections.save', { connection: promAu(prometheus.url, typed(KEYCHAIN_SECRET)) }));
      expect(await call('connections.test', { target: { by: 'id', id: 'prom-au' } })).toMatchObject({ ok: true, value: { ok: true } });

      // A failing backend that echoes the secret, a closed port, credentials in the URL, bad input.
      const echoed = record(await call('connections.test', { target: { by: 'draft', connection: promAu(echo.url, typed(KEYCHAIN_SECRET)) } }));
      expect(echoed).toMatchObject({ ok: true, value: { ok: false, failure: 'http' } });
      expect(record(await call('connections.test', { target: { by: 'draft', connection: promAu(echo.url, keep) } }))).toMatchObject({ ok: true, value: { ok: false } });
      const port = await closedPort();
      record(await call('connections.test', { target: { by: 'draft', connection: promAu(`http://127.0.0.1:${port}`, keep) } }));
      const inUrl = `http://${USER}:${KEYCHAIN_SECRET}@127.0.0.1:${port}`;
      record(await call('connections.save', { connection: promAu(inUrl, keep) }));
      record(await call('connections.test', { target: { by: 'draft', connection: promAu(inUrl, keep) } }));
      record(await call('connections.save', { connection: promAu(`not a url ${KEYCHAIN_SECRET}`, typed(KEYCHAIN_SECRET)) }));
      record(await call('connections.save', { connection: { ...promAu(prometheus.url, typed(KEYCHAIN_SECRET)), id: 'prom-file' } }));

      // The fleet polls the echoing backend with the kept secret, and its failures reach the health, the snapshot and the log.
      record(await call('connections.save', { connection: promAu(echo.url, keep) }));
      const deadline = Date.now() + 5000;
      while (!echo.requests.some((request) => request.path.startsWith('/api/v1/query')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const listed = await call('connections.list', {});
      const health = listed.ok ? listed.value.connections.find((connection) => connection.id === 'prom-au')?.health : undefined;
      expect(health?.lastError).toContain('[secret]');
      await call('fleet.snapshot', {});
      await call('system.info', {});
      record(await call('connections.remove', { id: 'prom-au' }));
    } finally {
      core.close();
    }

    // The checks above did go through the secrets: the backends saw them.
    expect(echo.requests.some((request) => request.headers.authorization === basic)).toBe(true);
    expect(fileProm.requests.some((request) => request.headers.authorization === `Bearer ${ENV_SECRET}`)).toBe(true);
    expect(failures.length).toBeGreaterThanOrEqual(10);

    const forms = [...secretForms(ENV_SECRET), ...secretForms(KEYCHAIN_SECRET, USER), ...secretForms(WRONG_SECRET, USER)];
    expectNoSecrets(
      [
        ...outputs.map((text, i) => ({ where: `contract output ${i}`, text })),
        ...logs.map((text, i) => ({ where: `log line ${i}`, text })),
        ...failures.map((text, i) => ({ where: `error ${i}`, text })),
        ...storeFiles(dataDir),
      ],
      forms,
    );
  });
});
