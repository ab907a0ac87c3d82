import { z } from 'zod';

/** Every failure that crosses the contract is a value with a kind and a sentence a person can act on. */
export const OpsErrorKind = z.enum([
  'invalid-input',
  'invalid-output',
  'unknown-method',
  'not-found',
  'unauthorized',
  'forbidden',
  'read-only',
  'unavailable',
  'timeout',
  'conflict',
  /** A change a backend may or may not have made (its answer was lost): sent again with the same key, the core asks the backend first. */
  'in-doubt',
  'internal',
]);
export type OpsErrorKind = z.infer<typeof OpsErrorKind>;

export const OpsError = z.object({
  kind: OpsErrorKind,
  message: z.string(),
});
export type OpsError = z.infer<typeof OpsError>;

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: OpsError }),
  ]);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: OpsError };

export function opsError(kind: OpsErrorKind, message: string): OpsError {
  return { kind, message };
}

/** Thrown inside the core and turned into a Result at the boundary. */
export class OpsFailure extends Error {
  constructor(
    readonly kind: OpsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OpsFailure';
  }
}

/** Enough problems to fix the first ones; an array of 5,000 wrong values does not make a 300 KB message. */
const LISTED_ISSUES = 10;

/** One line per problem: `path: what was wrong`, so a person can find the field. */
export function describeZodError(error: z.ZodError, root = 'input'): string {
  const listed = error.issues.slice(0, LISTED_ISSUES).map((issue) => {
    const path = issue.path.length === 0 ? root : `${root}.${formatPath(issue.path)}`;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; and ${more} more problem${more === 1 ? '' : 's'}` : listed.join('; ');
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? String(part) : `.${String(part)}`;
    })
    .join('');
}
