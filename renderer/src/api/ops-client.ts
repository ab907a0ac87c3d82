import { z } from 'zod';
import {
  describeZodError,
  opsError,
  parseEvent,
  parseInput,
  parseOutput,
  resultSchema,
  type OpsClient,
  type OpsError,
  type RawTransport,
} from '../../../shared/contract/index.js';
import { describeThrown, TransportFailure } from './failure.js';

const Envelope = resultSchema(z.unknown());

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
      return parseOutput(method, envelope.data.value);
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
