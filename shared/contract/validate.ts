import { describeZodError, opsError, type Result } from './errors.js';
import { quote } from './quote.js';
import { events, isMethodName, methods, type EventName, type EventPayload, type MethodName, type MethodOutput, type ParsedInput } from './methods.js';

/** Checks a call against the contract before anything runs; the message names the field. */
export function parseInput<M extends MethodName>(method: M, raw: unknown): Result<ParsedInput<M>> {
  const parsed = methods[method].input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: opsError('invalid-input', `${method}: ${describeZodError(parsed.error)}`) };
  return { ok: true, value: parsed.data as ParsedInput<M> };
}

/** Outputs their service checked part by part as it built them (a part kept between calls was checked once, when made). */
const checkedOutputs = new WeakSet<object>();

/** Marks an output its service has checked against the contract itself; the core's dispatcher passes it on as it is. */
export function checkedOutput<T extends object>(value: T): T {
  checkedOutputs.add(value);
  return value;
}

export function parseOutput<M extends MethodName>(method: M, raw: unknown): Result<MethodOutput<M>> {
  if (typeof raw === 'object' && raw !== null && checkedOutputs.has(raw)) return { ok: true, value: raw as MethodOutput<M> };
  const parsed = methods[method].output.safeParse(raw);
  if (!parsed.success) return { ok: false, error: opsError('invalid-output', `${method}: ${describeZodError(parsed.error, 'output')}`) };
  return { ok: true, value: parsed.data as MethodOutput<M> };
}

export function parseEvent<E extends EventName>(name: E, raw: unknown): Result<EventPayload<E>> {
  const parsed = events[name].payload.safeParse(raw);
  if (!parsed.success) return { ok: false, error: opsError('invalid-output', `${name}: ${describeZodError(parsed.error, 'event')}`) };
  return { ok: true, value: parsed.data as EventPayload<E> };
}

export function resolveMethod(name: string): Result<MethodName> {
  if (isMethodName(name)) return { ok: true, value: name };
  return {
    ok: false,
    error: opsError('unknown-method', `unknown method ${quote(name)}; expected one of: ${Object.keys(methods).join(', ')}`),
  };
}
