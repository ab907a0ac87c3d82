import { z } from 'zod';
import {
  describeZodError,
  methods,
  opsError,
  parseEvent,
  parseInput,
  parseOutput,
  resultSchema,
  type MethodName,
  type MethodOutput,
  type OpsClient,
  type OpsError,
  type RawTransport,
  type Result,
} from '../../../shared/contract/index.js';
import { describeThrown, TransportFailure } from './failure.js';

const Envelope = resultSchema(z.unknown());

/**
 * Items of a long list checked in one go: a longer one is checked a slice at a time, the page
 * getting its turn between slices (2,000 incidents checked at once held the page past a frame).
 */
const SLICE = 200;

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The output's first list longer than a slice, with its items' schema; null when it has none (or the list has checks of its own, such as a length). */
function longList(schema: z.ZodType, raw: unknown): { key: string; item: z.core.$ZodType; items: unknown[]; rest: Record<string, unknown> } | null {
  if (!(schema instanceof z.ZodObject) || typeof raw !== 'object' || raw === null) return null;
  for (const [key, field] of Object.entries(schema.shape)) {
    const items: unknown = (raw as Record<string, unknown>)[key];
    if (field instanceof z.ZodArray && (field.def.checks ?? []).length === 0 && Array.isArray(items) && items.length > SLICE) return { key, item: field.element, items, rest: { ...raw, [key]: [] } };
  }
  return null;
}

/** parseOutput, with a long list checked a slice at a time; the same answer and the same message. */
async function parseOutputInSlices<M extends MethodName>(method: M, raw: unknown): Promise<Result<MethodOutput<M>>> {
  const list = longList(methods[method].output, raw);
  if (list === null) return parseOutput(method, raw);
  const { key, item, items, rest } = list;
  const parsed: unknown[] = [];
  for (let start = 0; start < items.length; start += SLICE) {
    await yieldToPage();
    for (let index = start; index < Math.min(items.length, start + SLICE); index++) {
      const one = z.safeParse(item, items[index]);
      if (!one.success) return { ok: false, error: opsError('invalid-output', `${method}: ${describeZodError(one.error, `output.${key}[${index}]`)}`) };
      parsed.push(one.data);
    }
  }
  // The rest of the output, with its list, checked above, left out.
  const others = parseOutput(method, rest);
  return others.ok ? { ok: true, value: { ...others.value, [key]: parsed } } : others;
}

/** Every answer and event is checked against the contract; what does not match becomes an error value. */
export function createOpsClient(transport: RawTransport, onEventError: (error: OpsError) => void): OpsClient {
  return {
    async invoke(method, input) {
      const checked = parseInput(method, input);
      if (!checked.ok) return { ok: false, error: checked.error };
      let raw: unknown;
      try {
        raw = await transport.invoke(method, checked.value);
      } catch (error) {
        // Kept as the TransportFailure it is, so the caller can tell it from the core's answers.
        return { ok: false, error: error instanceof TransportFailure ? error : new TransportFailure('unavailable', `${method}: ${describeThrown(error)}`) };
      }
      const envelope = Envelope.safeParse(raw);
      if (!envelope.success) {
        return {
          ok: false,
          error: opsError('invalid-output', `${method}: the answer is not a result (${describeZodError(envelope.error, 'answer')})`),
        };
      }
      if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
      return parseOutputInSlices(method, envelope.data.value);
    },
    subscribe(event, listener) {
      return transport.subscribe(event, (payload) => {
        const parsed = parseEvent(event, payload);
        if (parsed.ok) listener(parsed.value);
        else onEventError(parsed.error);
      });
    },
  };
}
