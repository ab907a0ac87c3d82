import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/contract/connections.js';
import type { AlertFeed } from '../../shared/contract/alerts.js';
import { startBackend, type BackendServer } from '../support/backend-server.js';
import { memoryKeytar, startCore, writeConnectionsFleet, type TestCore } from '../support/connections-core.js';
import { ECHO_ENCODINGS, ECHO_ENCODING_NAMES, findSecrets, secretForms, type EchoEncoding } from '../support/secret-leak.js';
import { useTempDirs } from '../support/temp.js';

/** A token with the characters every encoding changes: `/`, `+`, `=`, a space, `~`. */
const TOKEN = 'echo/T0k+en=9f3a c0de~77';
const ENV_NAME = 'WATCHFLOOR_ECHO_TEST_TOKEN';

const tempDir = useTempDirs();
let test: TestCore;
let echo: BackendServer;
let encoding: EchoEncoding = 'raw';

/** A Prometheus behind a proxy whose every answer is a 401 that quotes the request's token, in the encoding under test (a 401 leaves the circuit closed, so every poll reaches it). */
function echoBody(): string {
  const token = ECHO_ENCODINGS[encoding](TOKEN);
  return `{"status":"error","errorType":"internal","error":"proxy refused [${encoding}] token ${token} for this client"}`;
}

beforeAll(async () => {
  echo = await startBackend((_request, response) => {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(echoBody());
  });
  const dir = tempDir();
  test = startCore(join(dir, 'data'), writeConnectionsFleet(dir, echo.url, ENV_NAME), memoryKeytar());
  const saved = await test.call('connections.save', {
    connection: { id: 'prom-au', kind: 'prometheus', name: 'Prometheus APAC', baseUrl: echo.url, timeoutMs: 2000, auth: { type: 'bearer', token: { store: 'keychain', value: TOKEN } } },
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  test.core.close();
  await echo.close();
});

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const marker = () => `[${encoding}]`;

describe('a backend that echoes the token in its error body', () => {
  it.each(ECHO_ENCODING_NAMES)('never shows it, %s, in health, alert sources or alerts.changed', async (name) => {
    encoding = name;
    const framesBefore = test.events.length;
    const health = await until(async () => {
      const listed = await test.call('connections.list', {});
      const connection = listed.ok ? listed.value.connections.find((candidate: ConnectionView) => candidate.id === 'prom-au') : undefined;
      return connection?.health.lastError?.includes(marker()) ? connection.health.lastError : undefined;
    }, 'the health to quote the echo');
    const source = await until(async () => {
      const listed = await test.call('alerts.list', {});
      const found = listed.ok ? listed.value.sources.find((candidate) => candidate.connectionId === 'prom-au') : undefined;
      return found?.lastError?.includes(marker()) ? found.lastError : undefined;
    }, 'the alert source to quote the echo');
    const frames = await until(async () => {
      const changed = test.events.slice(framesBefore).filter((event) => event.event === 'alerts.changed');
      const quoting = changed.filter((event) => (event.payload as AlertFeed).sources.some((candidate) => candidate.lastError?.includes(marker())));
      return quoting.length > 0 ? quoting.map((event) => JSON.stringify(event.payload)) : undefined;
    }, 'an alerts.changed frame quoting the echo');

    // The backend did get the token, and said it back.
    expect(echo.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const texts = [
      { where: 'connections.list health.lastError', text: health },
      { where: 'alerts.list sources[].lastError', text: source },
      ...frames.map((text, i) => ({ where: `alerts.changed frame ${i}`, text })),
    ];
    expect(findSecrets(texts, secretForms(TOKEN))).toEqual([]);
    expect(health).toContain('[secret]');
  });
});
