import { z } from 'zod';
import { CheckName, DefinitionStatus, EnvironmentDetail, FleetDelta, FleetSnapshot } from './fleet.js';

/**
 * The one contract between the renderer and the core. Both hosts (Electron IPC and the
 * browser host) serve exactly these methods and events; the types come from the schemas.
 */

const IdempotencyKey = z
  .string()
  .min(8, 'expected an idempotency key of at least 8 characters')
  .max(128, 'expected an idempotency key of at most 128 characters');

function query<S extends z.ZodRawShape, O extends z.ZodType>(shape: S, output: O, summary: string) {
  return { kind: 'query' as const, input: z.strictObject(shape), output, summary };
}

/** A command changes something; its caller's key makes a retry return the first answer. */
function command<S extends z.ZodRawShape, O extends z.ZodType>(shape: S, output: O, summary: string) {
  return { kind: 'command' as const, input: z.strictObject({ ...shape, idempotencyKey: IdempotencyKey }), output, summary };
}

export const SystemInfo = z.object({
  product: z.literal('Watchfloor'),
  version: z.string(),
  readOnly: z.boolean(),
  startedAt: z.number().int(),
  definition: DefinitionStatus,
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const methods = {
  'system.info': query({}, SystemInfo, 'Version, read-only mode and the state of the fleet definition.'),
  'fleet.snapshot': query({}, FleetSnapshot, 'The whole fleet with its last-known health; deltas follow on the fleet.delta event.'),
  'fleet.environment': query(
    { id: z.string().min(1, 'expected an environment id') },
    EnvironmentDetail,
    'One environment: its servers, their checks and why each has its state.',
  ),
  'sandbox.injectFault': command(
    {
      environmentId: z.string().min(1, 'expected an environment id'),
      check: CheckName,
      severity: z.enum(['warning', 'critical']),
      durationSeconds: z.number().int().min(5).max(86_400),
    },
    z.object({ environmentId: z.string(), server: z.string(), until: z.number().int() }),
    'Start a fault on a simulated environment (sandbox backends only), for drills and demos.',
  ),
} as const;

export const events = {
  'fleet.delta': { payload: FleetDelta, summary: 'Health changes, batched, in revision order.' },
  'fleet.reloaded': {
    payload: z.object({ revision: z.number().int(), definition: DefinitionStatus }),
    summary: 'The fleet definition changed (or failed to load): fetch a new snapshot.',
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.infer<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]['payload']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
