import fc from 'fast-check';

/**
 * Answers a hostile or broken backend could send, built cheaply from one valid answer: a
 * field deleted or replaced by a value of the wrong type, a huge, non-finite, unicode or deeply
 * nested value, or something else entirely.
 */

export type Path = ReadonlyArray<string | number>;
export interface Mutation {
  path: Path;
  op: 'replace' | 'delete';
  value: unknown;
}
export interface GeneratedAnswer {
  body: unknown;
  mutations: Mutation[];
}

/** Built once: generating them per run would cost more than the parsing under test. */
const HUGE_TEXT = 'x'.repeat(1_000_000);
const HUGE_LIST = Array.from({ length: 10_000 }, (_, i) => i);
/** Nested `depth` deep; shown as a short note in a counterexample (printing it would overflow the stack). */
function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  return Object.defineProperty(value, fc.toStringMethod, { value: () => `<nested ${depth} deep>`, enumerable: false });
}
const DEEP_ARRAY = nested(20_000, (inner) => [inner]);
const DEEP_OBJECT = nested(20_000, (inner) => ({ a: inner }));

/** The answer as JSON text; JSON.stringify overflows the stack on the deep values, so they are written out by hand. */
export function jsonText(body: unknown): string {
  const deep = new Map<unknown, string>([
    [DEEP_ARRAY, `${'['.repeat(20_000)}"bottom"${']'.repeat(20_000)}`],
    [DEEP_OBJECT, `${'{"a":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`],
  ]);
  const marks: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    const written = deep.get(value);
    if (written === undefined) return value;
    marks.push(written);
    return `\u0000deep${marks.length - 1}`;
  });
  if (text === undefined) return 'null';
  return text.replace(/"\\u0000deep(\d+)"/g, (_match, index: string) => marks[Number(index)] ?? 'null');
}

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    null,
    true,
    false,
    '',
    ' ',
    '\u0000',
    '\ud800',
    'NaN',
    '+Inf',
    '1e999',
    '2026-13-45T99:99:99Z',
    '9999999-01-01T00:00:00Z',
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    Number.MIN_VALUE,
    -0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    HUGE_TEXT,
    HUGE_LIST,
    DEEP_ARRAY,
    DEEP_OBJECT,
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Every path into the value, the root left out. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

function apply(body: unknown, { path, op, value }: Mutation): unknown {
  if (path.length === 0) return value;
  let parent = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    if (typeof next !== 'object' || next === null) return body;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (op === 'replace') parent[last] = value;
  else if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else delete parent[last];
  return body;
}

/** One valid answer, changed by one or two mutations, or replaced by anything at all. */
export function answersLike(sample: unknown): fc.Arbitrary<GeneratedAnswer> {
  const paths = pathsOf(sample);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    path: paths.length > 0 ? fc.constantFrom(...paths) : fc.constant([]),
    op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete'),
    value: oddValue,
  });
  const mutated = (count: number) =>
    fc.array(mutation, { minLength: count, maxLength: count }).map((mutations) => ({ body: mutations.reduce(apply, structuredClone(sample)), mutations }));
  return fc.oneof(
    { weight: 6, arbitrary: mutated(1) },
    { weight: 2, arbitrary: mutated(2) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body) => ({ body, mutations: [] })) },
    { weight: 1, arbitrary: oddValue.map((body) => ({ body, mutations: [] })) },
  );
}

/** Text a server could send instead of JSON: broken JSON, HTML, nothing, invalid UTF-8 bytes, or a generated answer. */
export function answerTexts(sample: unknown): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: answersLike(sample).map(({ body }) => Buffer.from(jsonText(body), 'utf8')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((text) => Buffer.from(text, 'utf8')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(), fc.constantFrom('', '}', ',', '"', '\uFFFD', '\\u12'))
        .map(([cut, tail]) => {
          const text = JSON.stringify(sample);
          return Buffer.from(`${text.slice(0, cut % (text.length + 1))}${tail}`, 'utf8');
        }),
    },
    { weight: 1, arbitrary: fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', '   ', 'null', '[', '{"a":').map((text) => Buffer.from(text, 'utf8')) },
  );
}

/** The last field name on a path: what a clear error about that path names. */
export function fieldOf(path: Path): string | null {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const key = path[i];
    if (typeof key === 'string') return key;
  }
  return null;
}
