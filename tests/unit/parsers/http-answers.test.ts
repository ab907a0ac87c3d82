import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { systemClock } from '../../../main/core/clock.js';
import { ConnectorError } from '../../../main/core/http/backend-client.js';
import { EntraTokens } from '../../../main/core/http/entra-token.js';
import { HttpBackendClient } from '../../../main/core/http/http-backend-client.js';
import { Redactor } from '../../../main/core/vault/redactor.js';
import { startBackend, type BackendServer } from '../../support/backend-server.js';
import { answerTexts } from './generated-answers.js';
import { PARSER_CASES } from './parser-cases.js';

/** Fewer than the direct runs: each is a real request on loopback. */
const RUNS = 150;
const LONGEST_MESSAGE = 1200;

let server: BackendServer;
let answer: Uint8Array = Buffer.from('null');
let answerStatus = 200;
beforeAll(async () => {
  server = await startBackend((_request, response) => {
    response.writeHead(answerStatus, { 'content-type': 'application/json' });
    response.end(answer);
  });
});
afterAll(() => server.close());

const HTTP_CASES = PARSER_CASES.flatMap((parserCase) => (parserCase.kind ? [{ ...parserCase, kind: parserCase.kind, calls: parserCase.calls.filter((call) => !call.polls) }] : []));

describe.each(HTTP_CASES.map((parserCase, i) => ({ parserCase, seed: 2400 + i, name: parserCase.connector })))('$name answers over HTTP', ({ parserCase, seed }) => {
  it(`${RUNS} generated answer texts (broken JSON, HTML, invalid UTF-8, mutated answers) through the HTTP client: a ConnectorError naming the backend, or a value`, async () => {
    const client = new HttpBackendClient({
      connectionId: 'fuzz',
      kind: parserCase.kind,
      baseUrl: server.url,
      auth: { type: 'none' },
      timeoutMs: 5000,
      secrets: async () => '',
      redactor: new Redactor(),
      clock: systemClock,
      log: () => undefined,
      resilience: { retries: 0, breakerFailures: 1_000_000 },
    });
    const generated = fc.constantFrom(...parserCase.calls).chain((call) => answerTexts(call.sample).map((text) => ({ call, text })));
    await fc.assert(
      fc.asyncProperty(generated, async ({ call, text }) => {
        answer = text;
        const error = await call.run(client, AbortSignal.timeout(5000)).then(
          () => null,
          (caught: unknown) => caught,
        );
        if (error === null) return;
        if (!(error instanceof ConnectorError)) throw new Error(`not a ConnectorError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        if (!error.message.includes(parserCase.label)) throw new Error(`the message does not name the backend: ${error.message.slice(0, 300)}`);
        if (error.message.length > LONGEST_MESSAGE) throw new Error(`the message is ${error.message.length} characters long`);
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  }, 60_000);
});

describe('Entra ID token answers over HTTP', () => {
  it(`${RUNS} generated token answers and refusals: a token, or a ConnectorError naming Entra ID, the tenant and the client, never the client secret`, async () => {
    const secret = 'entra-client-secret-0f9e8d';
    const sample = { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOi' };
    const refusal = { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided: ${secret}\r\nTrace ID: 1`, error_codes: [7000215] };
    const generated = fc.tuple(fc.constantFrom(200, 400, 401, 500), fc.oneof(answerTexts(sample), answerTexts(refusal)));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(generated, async ([status, text]) => {
        answer = text;
        answerStatus = status;
        // A client of its own each run: the token cache must not answer in the backend's place.
        const tokens = new EntraTokens();
        const error = await tokens.token({ authority: server.url, tenantId: 'tenant-1', clientId: `client-${(n += 1)}`, clientSecret: secret }).then(
          () => null,
          (caught: unknown) => caught,
        );
        if (error === null) return;
        if (!(error instanceof ConnectorError)) throw new Error(`not a ConnectorError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        if (!/^Entra ID \(tenant tenant-1, client client-\d+\)/.test(error.message)) throw new Error(`the message does not name Entra ID: ${error.message.slice(0, 300)}`);
        if (error.message.length > LONGEST_MESSAGE) throw new Error(`the message is ${error.message.length} characters long`);
        if (error.message.includes(secret)) throw new Error('the message holds the client secret');
      }),
      { numRuns: RUNS, seed: 2500, endOnFailure: true },
    );
    answerStatus = 200;
  }, 60_000);
});
