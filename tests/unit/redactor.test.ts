import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import { systemClock } from '../../main/core/clock.js';
import { Redactor, REDACTED } from '../../main/core/vault/redactor.js';
import { startBackend, type BackendServer } from '../support/backend-server.js';
import { ECHO_ENCODINGS, ECHO_ENCODING_NAMES, findSecrets, secretForms } from '../support/secret-leak.js';

const SECRET = 'r3dact/Me+now= ok~Zq';
const UNICODE_SECRET = 'pässwörd-日本-🔑-x9';

function redactorOf(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.remember(secret);
  return redactor;
}

describe('the redactor', () => {
  it.each(ECHO_ENCODING_NAMES)('cleans the secret echoed %s, in a text and in the same text inside JSON', (name) => {
    const redactor = redactorOf(SECRET);
    const text = `upstream said: token ${ECHO_ENCODINGS[name](SECRET)} refused`;
    for (const candidate of [text, JSON.stringify({ error: text }), JSON.stringify(JSON.stringify({ error: text }))]) {
      const clean = redactor.redact(candidate);
      expect(findSecrets([{ where: name, text: clean }], secretForms(SECRET, 'watch'))).toEqual([]);
      expect(clean).toContain(REDACTED);
      expect(clean).toContain('upstream said: token');
    }
  });

  it.each(['raw', 'json-u', 'json-u-mixed', 'url-component', 'base64', 'base64-in-blob-2'] as const)('cleans a non-ASCII secret echoed %s', (name) => {
    const clean = redactorOf(UNICODE_SECRET).redact(`x ${ECHO_ENCODINGS[name](UNICODE_SECRET)} y`);
    expect(findSecrets([{ where: name, text: clean }], secretForms(UNICODE_SECRET))).toEqual([]);
  });

  it('cleans any secret in any encoding wherever it sits in any text (generated)', () => {
    const secret = fc.string({ unit: 'grapheme', minLength: 8, maxLength: 40 }).filter((text) => text.trim().length >= 8);
    const around = fc.string({ unit: 'binary', maxLength: 60 });
    fc.assert(
      fc.property(secret, fc.constantFrom(...ECHO_ENCODING_NAMES), around, around, (value, name, before, after) => {
        const text = `${before}${ECHO_ENCODINGS[name](value)}${after}`;
        const clean = redactorOf(value).redact(text);
        expect(findSecrets([{ where: name, text: clean }], secretForms(value, 'watch'))).toEqual([]);
      }),
      { numRuns: 2000, seed: 4242 },
    );
  });

  it('leaves ordinary text alone, and keeps the same text and objects when nothing is found', () => {
    const redactor = redactorOf(SECRET, 'another-token-5521');
    const text = 'HTTP 500 for /api/v1/query%3F: {"error":"a\\/b \\u0041 c+d"} dGhpcyBpcyBub3QgYSBzZWNyZXQ=';
    expect(redactor.redact(text)).toBe(text);
    const answer = { ok: true, value: { rows: [{ id: 'web-1', note: text }], counts: [1, 2, 3] } };
    expect(redactor.redactDeep(answer)).toBe(answer);
  });

  it('cleans every string of an answer, keys included, copying only what changed', () => {
    const redactor = redactorOf(SECRET);
    const untouched = { id: 'web-1', detail: 'fine' };
    const answer = { ok: false, rows: [untouched, { id: 'web-2', detail: `echo ${encodeURIComponent(SECRET)}` }], [`label ${SECRET}`]: 1 };
    const clean = redactor.redactDeep(answer);
    expect(JSON.stringify(clean)).not.toContain(encodeURIComponent(SECRET));
    expect(JSON.stringify(clean)).not.toContain(SECRET);
    expect(clean.rows[0]).toBe(untouched);
    expect(clean.rows[1]?.detail).toBe(`echo ${REDACTED}`);
    expect(Object.keys(clean)).toContain(`label ${REDACTED}`);
    expect(answer.rows[1]?.detail).toBe(`echo ${encodeURIComponent(SECRET)}`);
  });

  it('does nothing while it holds no secret', () => {
    const answer = { message: 'anything' };
    expect(new Redactor().redactDeep(answer)).toBe(answer);
    expect(new Redactor().redact('short')).toBe('short');
  });
});

describe('a backend error quoting the credentials', () => {
  let server: BackendServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it.each(ECHO_ENCODING_NAMES)('reaches the message only redacted, after the body is parsed too (%s)', async (name) => {
    server = await startBackend((_request, response) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(`{"error":"gateway refused ${ECHO_ENCODINGS[name](SECRET)}"}`);
    });
    const redactor = new Redactor();
    const client = new HttpBackendClient({
      connectionId: 'prom',
      kind: 'prometheus',
      baseUrl: server.url,
      auth: { type: 'bearer', token: { store: 'env', variable: 'T' } },
      timeoutMs: 2000,
      secrets: async () => SECRET,
      redactor,
      clock: systemClock,
      log: () => undefined,
      resilience: { retries: 0 },
    });
    const error = await client.json({ path: '/api/v1/query' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    const message = (error as ConnectorError).message;
    // Inside a larger base64 text, the characters that also carry a neighbour's bits stay.
    expect(message).toMatch(/gateway refused [A-Za-z0-9_-]{0,12}\[secret\]/);
    expect(findSecrets([{ where: 'message', text: message }, { where: 'health', text: client.health().lastError ?? '' }], secretForms(SECRET, 'watch'))).toEqual([]);
  });
});
