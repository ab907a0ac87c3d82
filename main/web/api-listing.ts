import { z } from 'zod';
import { events, methods } from '../../shared/contract/methods.js';

/** `GET /api`: every method and event with its JSON schemas, for scripts and curious operators. */
export function apiListing() {
  const schema = (type: z.ZodType) => z.toJSONSchema(type, { unrepresentable: 'any', io: 'input' });
  return {
    product: 'Watchfloor',
    methods: Object.entries(methods).map(([name, method]) => ({
      name,
      kind: method.kind,
      summary: method.summary,
      call: `POST /api/${name}`,
      maxBodyBytes: method.maxInputBytes,
      input: schema(method.input),
      output: schema(method.output),
    })),
    events: Object.entries(events).map(([name, event]) => ({
      name,
      summary: event.summary,
      stream: 'GET /api/events (WebSocket, subprotocols "watchfloor.v1" and "bearer.<token>")',
      payload: schema(event.payload),
    })),
  };
}
