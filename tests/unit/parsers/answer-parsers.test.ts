import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../main/core/http/backend-client.js';
import { OctopusApi } from '../../../main/core/connectors/octopus/octopus-api.js';
import { answersLike, fieldOf, type GeneratedAnswer } from './generated-answers.js';
import { PARSER_CASES, ScriptedClient, type ParserCall, type ParserCase } from './parser-cases.js';

/** Per connector; fixed seeds so a failure can be replayed, different per connector so they do not all try the same shapes. */
const RUNS = 10_000;
const LONGEST_MESSAGE = 1200;

function isRead(request: { method?: string | undefined; idempotent?: boolean | undefined }): boolean {
  return (request.method ?? 'GET') === 'GET' || (request.method === 'POST' && request.idempotent === true);
}

/** What a clear error says: the backend, and for an answer with one field changed, that field; short, whatever the answer held. */
function checkFailure(error: unknown, parserCase: ParserCase, answer: GeneratedAnswer): void {
  if (!(error instanceof ConnectorError)) throw new Error(`not a ConnectorError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  const { message } = error;
  if (!message.includes(parserCase.label)) throw new Error(`the message does not name the backend: ${message.slice(0, 300)}`);
  if (message.length > LONGEST_MESSAGE) throw new Error(`the message is ${message.length} characters long: ${message.slice(0, 300)}…`);
  const only = answer.mutations.length === 1 ? answer.mutations[0] : undefined;
  const field = only ? fieldOf(only.path) : null;
  if (field !== null && message.includes('unexpected answer') && !message.includes(field)) {
    throw new Error(`the message does not name the field "${field}" (changed at ${JSON.stringify(only?.path)}): ${message.slice(0, 300)}`);
  }
}

async function runOnce(parserCase: ParserCase, call: ParserCall, answer: GeneratedAnswer): Promise<void> {
  const client = new ScriptedClient(() => answer.body, call.polls);
  const signal = call.polls ? client.stop.signal : new AbortController().signal;
  try {
    await call.run(client, signal);
  } catch (error) {
    // A poll that went on while the answers said "not yet" was stopped by the test, not by a failure.
    if (!(call.polls && client.stop.signal.aborted)) checkFailure(error, parserCase, answer);
  }
  // Whatever came back, the connector only went on reading: no answer made it write anything.
  const writes = client.requests.slice(1).filter((request) => !isRead(request));
  if (writes.length > 0) throw new Error(`wrote after a generated answer: ${writes.map((request) => `${request.method} ${request.path}`).join(', ')}`);
}

describe.each(PARSER_CASES.map((parserCase, i) => ({ parserCase, seed: 1200 + i, name: parserCase.connector })))('$name answers', ({ parserCase, seed }) => {
  it(`${RUNS} generated answers: no crash, a clear error naming the backend and the field, no write`, async () => {
    const generated = fc.constantFrom(...parserCase.calls).chain((call) => answersLike(call.sample).map((answer) => ({ call, answer })));
    await fc.assert(
      fc.asyncProperty(generated, ({ call, answer }) => runOnce(parserCase, call, answer)),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  }, 60_000);

  it.each(parserCase.calls.map((call) => ({ call, name: call.name })))('its valid $name answer parses', async ({ call }) => {
    const client = new ScriptedClient(() => structuredClone(call.sample), call.polls);
    if (call.polls) {
      await expect(call.run(client, client.stop.signal)).rejects.toThrow(/failed in Azure: Conflict: swap failed/);
      return;
    }
    await expect(call.run(client, new AbortController().signal)).resolves.not.toThrow();
  });
});

describe('a task log nested 20,000 deep', () => {
  it('is refused with a clear error, not a stack overflow', async () => {
    let children: unknown = [];
    for (let depth = 0; depth < 20_000; depth += 1) children = [{ Name: `step ${depth}`, Children: children }];
    const body = { Task: { Id: 'ServerTasks-1', State: 'Executing', IsCompleted: false, FinishedSuccessfully: false, HasPendingInterruptions: false }, ActivityLogs: children };
    const api = new OctopusApi(new ScriptedClient(() => body), 'Spaces-1', 'Octopus Deploy "fuzz"');
    const error = await api.taskDetails('ServerTasks-1', new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toMatch(/^Octopus Deploy "fuzz" GET .*: unexpected answer: nested too deeply to read$/);
  });
});
