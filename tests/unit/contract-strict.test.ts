import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methods } from '../../shared/contract/methods.js';
import { parseInput } from '../../shared/contract/validate.js';

/**
 * Every object anywhere in a method's input refuses keys it does not know: a misspelt field is
 * an error naming it, never silently dropped (a matcher sent with `isregex` must not become an
 * exact match).
 */

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** Types that hold no objects: nothing inside them to check. */
const LEAVES = new Set(['string', 'number', 'boolean', 'bigint', 'enum', 'literal', 'custom', 'null', 'undefined', 'date', 'never', 'any', 'unknown', 'template_literal', 'nan', 'void', 'file', 'int', 'success']);

/** The paths of objects that are not strict, at any depth; throws on a kind of schema it does not know, so new kinds cannot slip past. */
function looseObjects(schema: z.core.$ZodType, path = 'input', ancestors: ReadonlySet<z.core.$ZodType> = new Set()): string[] {
  // A schema inside itself (z.lazy) has been checked by the time it recurs.
  if (ancestors.has(schema)) return [];
  const def = defOf(schema);
  const inner = (child: unknown, at = path) => looseObjects(child as z.core.$ZodType, at, new Set([...ancestors, schema]));
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as z.core.$ZodType | undefined;
      const own = catchall !== undefined && defOf(catchall).type === 'never' ? [] : [path];
      const shape = def.shape as Record<string, z.core.$ZodType>;
      return [...own, ...Object.entries(shape).flatMap(([key, child]) => inner(child, `${path}.${key}`))];
    }
    case 'array':
      return inner(def.element, `${path}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner(def.innerType);
    case 'union':
      return (def.options as z.core.$ZodType[]).flatMap((option, index) => inner(option, `${path}|${index}`));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'pipe':
      return [...inner(def.in), ...inner(def.out)];
    case 'record':
      return [...inner(def.keyType), ...inner(def.valueType, `${path}{}`)];
    case 'tuple':
      return [...(def.items as z.core.$ZodType[]).flatMap((item, index) => inner(item, `${path}[${index}]`)), ...(def.rest ? inner(def.rest) : [])];
    case 'lazy':
      return inner((def.getter as () => z.core.$ZodType)());
    default:
      if (LEAVES.has(def.type)) return [];
      throw new Error(`${path}: the strictness check does not know schemas of type "${def.type}"; teach it`);
  }
}

describe('method inputs are strict at every depth', () => {
  it('finds a loose object wherever it hides (the check itself can fail)', () => {
    const loose = z.object({ a: z.string() });
    const hidden = z.strictObject({
      list: z.array(z.strictObject({ deep: z.union([z.string(), loose]).optional() })),
      picked: z.discriminatedUnion('by', [z.strictObject({ by: z.literal('x') }), z.object({ by: z.literal('y') })]),
      nested: z.strictObject({ map: z.record(z.string(), loose).default({}) }),
    });
    expect(looseObjects(hidden)).toEqual(['input.list[].deep|1', 'input.picked|1', 'input.nested.map{}']);
  });

  it('has no loose object in any method input', () => {
    const loose = Object.entries(methods).flatMap(([name, method]) => looseObjects(method.input, `${name} input`));
    expect(loose).toEqual([]);
  });

  it('refuses a misspelt matcher field, naming where it is and what was meant', () => {
    const result = parseInput('silences.create', {
      connectionId: 'am',
      matchers: [{ name: 'environment', value: 'acme-.*', isregex: true }],
      durationMinutes: 60,
      comment: 'patching the fleet',
      idempotencyKey: 'key-000001',
    });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid-input',
        message: 'silences.create: input.matchers[0]: unknown field "isregex" (did you mean "isRegex"?); expected name, value, isRegex, isEqual',
      },
    });
  });

  it('refuses unknown keys in the deploy request, the calendar window, a connection and its secret', () => {
    const cases: Array<[Parameters<typeof parseInput>[0], unknown, string]> = [
      [
        'deploys.preview',
        { request: { action: 'deploy', version: '1.2.3', target: { by: 'tenant', id: 'acme', region: 'apac' } } },
        'input.request.target: unknown field "region"',
      ],
      [
        'deploys.preview',
        { request: { action: 'deploy', version: '1.2.3', target: { by: 'tenant', id: 'acme' }, overrides: [{ guard: 'freeze', reason: 'customer asked for it', force: true }] } },
        'input.request.overrides[0]: unknown field "force"',
      ],
      [
        'calendar.importIcs',
        { text: 'BEGIN:VCALENDAR', kind: 'upgrade-slot', scope: { regions: ['apac'], region: ['emea'] }, idempotencyKey: 'key-000001' },
        'input.scope: unknown field "region" (did you mean "regions"?)',
      ],
      [
        'calendar.saveWindow',
        {
          window: { id: 'w', kind: 'upgrade-slot', title: 'Slot', scope: { regions: ['apac'] }, start: '2026-01-31T23:00', timeZone: 'UTC', duration: 'PT2H', rule: 'FREQ=DAILY' },
          idempotencyKey: 'key-000001',
        },
        'input.window: unknown field "rule"',
      ],
      [
        'connections.save',
        {
          connection: { id: 'prom', kind: 'prometheus', name: 'Prom', baseUrl: 'http://127.0.0.1:9090', auth: { type: 'bearer', token: { store: 'keychain', value: 's3cret', acount: 'x' } } },
          idempotencyKey: 'key-000001',
        },
        'input.connection.auth.token: unknown field "acount"',
      ],
      ['calendar.view', { range: { from: 0, to: 1000, zone: 'UTC' } }, 'input.range: unknown field "zone"'],
      ['audit.list', { query: { limit: 10, page: 2 } }, 'input.query: unknown field "page"'],
      ['connections.test', { target: { by: 'id', id: 'prom', verbose: true } }, 'input.target: unknown field "verbose"'],
    ];
    for (const [method, input, expected] of cases) {
      const result = parseInput(method, input);
      expect(result.ok, method).toBe(false);
      if (!result.ok) expect(result.error.message, method).toContain(expected);
    }
  });
});
