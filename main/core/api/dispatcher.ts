import { createHash } from 'node:crypto';
import { OpsFailure, opsError, type Result } from '../../../shared/contract/errors.js';
import { boundedMessage } from '../../../shared/contract/quote.js';
import { methods, type MethodName, type MethodOutput, type ParsedInput } from '../../../shared/contract/methods.js';
import { parseInput, parseOutput, resolveMethod } from '../../../shared/contract/validate.js';
import type { CommandResultRepo } from '../store/command-result-repo.js';

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export interface DispatcherOptions {
  handlers: Handlers;
  commandResults: CommandResultRepo;
  readOnly: boolean;
  log: (line: string) => void;
  /** Called once after each command that ran (not for a repeated key's stored answer): the audit trail. Its input may hold secrets. */
  afterCommand?: (method: MethodName, input: unknown, result: Result<unknown>) => void;
}

/**
 * The single entry point both hosts call: checks the call against the contract, refuses
 * commands in read-only mode, answers a repeated idempotency key with the first answer,
 * and turns every failure into an error value.
 */
export class Dispatcher {
  private readonly inFlight = new Map<string, Promise<Result<unknown>>>();

  constructor(private readonly options: DispatcherOptions) {}

  async dispatch(name: string, raw: unknown): Promise<Result<unknown>> {
    const method = resolveMethod(name);
    if (!method.ok) return method;
    const input = parseInput(method.value, raw);
    if (!input.ok) return { ok: false, error: opsError(input.error.kind, boundedMessage(input.error.message, raw)) };
    if (methods[method.value].kind === 'query') return this.run(method.value, input.value);

    if (this.options.readOnly) {
      return { ok: false, error: opsError('read-only', `${method.value} refused: this console is read-only (started with --read-only)`) };
    }
    const { idempotencyKey, ...rest } = input.value as { idempotencyKey: string };
    // A digest, not the input itself: a command's input may hold a secret (connections.save), and the store keeps none.
    const inputJson = createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
    const stored = this.options.commandResults.get(idempotencyKey);
    if (stored) {
      if (stored.method !== method.value || stored.inputJson !== inputJson) {
        return { ok: false, error: opsError('conflict', `idempotency key "${idempotencyKey}" was already used for a different command`) };
      }
      return JSON.parse(stored.resultJson) as Result<unknown>;
    }
    const running = this.inFlight.get(idempotencyKey);
    if (running) return running;
    const call = this.run(method.value, input.value).then((result) => {
      if (result.ok) this.options.commandResults.save(idempotencyKey, method.value, inputJson, JSON.stringify(result));
      this.afterCommand(method.value, rest, result);
      return result;
    });
    this.inFlight.set(idempotencyKey, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(idempotencyKey);
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

  private async run<M extends MethodName>(method: M, input: ParsedInput<M>): Promise<Result<unknown>> {
    try {
      const handler = this.options.handlers[method] as (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
      const output = parseOutput(method, await handler(input));
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
