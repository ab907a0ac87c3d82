import { createHash } from 'node:crypto';
import { OpsFailure, opsError, type OpsError, type Result } from '../../../shared/contract/errors.js';
import { boundedMessage } from '../../../shared/contract/quote.js';
import { methods, type MethodName, type MethodOutput, type ParsedInput } from '../../../shared/contract/methods.js';
import { parseInput, parseOutput, resolveMethod } from '../../../shared/contract/validate.js';
import { failpoint } from '../faults/failpoints.js';
import type { CommandResultRepo, StoredCommand } from '../store/command-result-repo.js';

/** What a handler knows of its run besides the input. */
export interface RunContext {
  /**
   * An earlier run of this command (same idempotency key) lost a backend's answer, or its
   * process ended mid-run: what it may have done is looked for on the backend before anything is sent.
   */
  inDoubt: boolean;
  /** The command's idempotency key (absent for a query): what a handler derives its own keys and ids from, so a run again finds what the first made. */
  idempotencyKey?: string;
}

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, run?: RunContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export interface DispatcherOptions {
  handlers: Handlers;
  commandResults: CommandResultRepo;
  readOnly: boolean;
  log: (line: string) => void;
  now?: () => number;
  /** Called once after each command that ran (not for a repeated key's stored answer): the audit trail. Its input may hold secrets. */
  afterCommand?: (method: MethodName, input: unknown, result: Result<unknown>) => void;
  /** The last guard on every answer, stored ones included, before it leaves the core (secret redaction). */
  outbound?: <T>(result: T) => T;
}

/** Failures after which a command may have taken effect: kept in doubt, not as its final answer. */
const LEAVES_DOUBT = new Set<OpsError['kind']>(['in-doubt', 'timeout', 'internal']);
/** A query's run, or a command's first. */
export const FIRST_RUN: RunContext = { inDoubt: false };

/**
 * The single entry point both hosts call: checks the call against the contract, refuses
 * commands in read-only mode, and runs each command once per idempotency key. The key is
 * stored with the command before it runs; a retry gets the stored final answer (success or
 * refusal), joins the run still under way, or, when an earlier run ended in doubt, runs again
 * with `inDoubt` so the handler asks its backend first. Every failure becomes an error value.
 */
export class Dispatcher {
  private readonly inFlight = new Map<string, Promise<Result<unknown>>>();
  private readonly now: () => number;
  private readonly outbound: <T>(result: T) => T;

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.outbound = options.outbound ?? ((result) => result);
  }

  async dispatch(name: string, raw: unknown): Promise<Result<unknown>> {
    return this.outbound(await this.answer(name, raw));
  }

  private async answer(name: string, raw: unknown): Promise<Result<unknown>> {
    const method = resolveMethod(name);
    if (!method.ok) return method;
    const input = parseInput(method.value, raw);
    if (!input.ok) return { ok: false, error: opsError(input.error.kind, boundedMessage(input.error.message, raw)) };
    if (methods[method.value].kind === 'query') return this.run(method.value, input.value, FIRST_RUN);

    if (this.options.readOnly) {
      return { ok: false, error: opsError('read-only', `${method.value} refused: this console is read-only (started with --read-only)`) };
    }
    const { idempotencyKey: key, ...rest } = input.value as { idempotencyKey: string };
    // A digest, not the input itself: a command's input may hold a secret (connections.save), and the store keeps none.
    const digest = createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
    try {
      return await this.once(name, raw, method.value, input.value, key, rest, digest);
    } catch (error) {
      // The store could not record the key: nothing was run, and saying so is all that is safe.
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`${method.value}: the store failed: ${message}`);
      return { ok: false, error: opsError('internal', `${method.value} was not run: its idempotency key could not be stored (${message})`) };
    }
  }

  private once<M extends MethodName>(name: string, raw: unknown, method: M, input: ParsedInput<M>, key: string, rest: unknown, digest: string): Promise<Result<unknown>> {
    const repo = this.options.commandResults;
    const stored = repo.get(key);
    if (!stored) {
      if (!repo.begin(key, method, digest, this.now())) return this.answer(name, raw);
      return this.runCommand(method, input, key, rest, 1, { inDoubt: false, idempotencyKey: key });
    }
    if (stored.method !== method || stored.inputDigest !== digest) return Promise.resolve(conflict(key, method, stored, this.inFlight.has(key)));
    if (stored.state === 'final' && stored.resultJson !== null) return Promise.resolve(JSON.parse(stored.resultJson) as Result<unknown>);
    const running = this.inFlight.get(key);
    if (running) return running;
    // In doubt, or `running` in a process that ended: only the backend knows whether it took effect.
    const attempt = repo.retry(key, this.now());
    if (attempt === null) return this.answer(name, raw);
    return this.runCommand(method, input, key, rest, attempt, { inDoubt: true, idempotencyKey: key });
  }

  private async runCommand<M extends MethodName>(method: M, input: ParsedInput<M>, key: string, rest: unknown, attempt: number, context: RunContext): Promise<Result<unknown>> {
    failpoint('command.before-run');
    const call = this.run(method, input, context).then((result) => {
      const answer = settled(method, result);
      const final = answer.ok || answer.error.kind !== 'in-doubt';
      try {
        this.options.commandResults.finish(key, attempt, final ? 'final' : 'in-doubt', JSON.stringify(this.outbound(answer)), this.now());
      } catch (error) {
        // Left `running` in the store, a retry under this key is in doubt and asks the backend: safe, only slower.
        this.options.log(`${method}: its answer could not be stored under its key: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.afterCommand(method, rest, answer);
      return answer;
    });
    this.inFlight.set(key, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** A failing hook must not turn a command that ran into a failure. */
  private afterCommand(method: MethodName, input: unknown, result: Result<unknown>): void {
    try {
      this.options.afterCommand?.(method, input, result);
    } catch (error) {
      this.options.log(`after ${method}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async run<M extends MethodName>(method: M, input: ParsedInput<M>, context: RunContext): Promise<Result<unknown>> {
    try {
      const handler = this.options.handlers[method] as Handlers[M];
      const output = parseOutput(method, await handler(input, context));
      if (!output.ok) this.options.log(`contract violation: ${output.error.message}`);
      return output;
    } catch (error) {
      // A handler may repeat a value it was given ("no environment "<id>""): never a whole 100 KB of it.
      if (error instanceof OpsFailure) return { ok: false, error: opsError(error.kind, boundedMessage(error.message, input)) };
      const message = boundedMessage(error instanceof Error ? error.message : String(error), input);
      this.options.log(`${method} failed: ${message}`);
      return { ok: false, error: opsError('internal', `${method} failed inside the core: ${message}`) };
    }
  }
}

/** A command's failure that may have left an effect says so, and how to find out: the same key again. */
function settled(method: MethodName, result: Result<unknown>): Result<unknown> {
  if (result.ok || !LEAVES_DOUBT.has(result.error.kind) || result.error.kind === 'in-doubt') return result;
  return {
    ok: false,
    error: opsError('in-doubt', `${result.error.message}; whether ${method} took effect is not known: send it again with the same key, and the console checks before doing anything twice`),
  };
}

function conflict(key: string, method: MethodName, stored: StoredCommand, running: boolean): Result<never> {
  const what = stored.method === method ? `${method} with other input` : stored.method;
  const state = running ? ', which is still running' : '';
  return {
    ok: false,
    error: opsError('conflict', `idempotency key "${key}" is already used for ${what}${state}; send a new command with a new key`),
  };
}
