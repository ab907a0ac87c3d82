import { OpsFailure } from '../../../shared/contract/errors.js';
import { describeFailure } from './call.js';

export interface FieldErrors {
  /** Messages by the field's path below one of the roots, e.g. `baseUrl` or `auth.password.value`. */
  fields: ReadonlyMap<string, string>;
  /** What belongs to no field: another kind of error, or a path outside the roots. */
  other: string | null;
}

export const NO_FIELD_ERRORS: FieldErrors = { fields: new Map(), other: null };

const METHOD_PREFIX = /^[a-z]+\.[A-Za-z]+: /;
const ISSUE = /^(input(?:[.[][^:]*)?): ([\s\S]*)$/;

/**
 * An invalid-input error names each problem `input.path: message`, joined with "; " (describeZodError),
 * after the method's name. This spreads them over the form's fields, relative to `roots` such as
 * `input.connection.`; anything else stays whole in `other`.
 */
export function fieldErrorsOf(error: Error, roots: readonly string[]): FieldErrors {
  if (!(error instanceof OpsFailure) || error.kind !== 'invalid-input') return { fields: new Map(), other: describeFailure(error) };
  const fields = new Map<string, string>();
  const rest: string[] = [];
  for (const part of error.message.replace(METHOD_PREFIX, '').split(/; (?=input\b)/)) {
    const issue = ISSUE.exec(part);
    const path = issue?.[1];
    const message = issue?.[2];
    const root = path === undefined ? undefined : roots.find((candidate) => path.startsWith(candidate));
    if (path === undefined || message === undefined || root === undefined) {
      rest.push(part);
      continue;
    }
    const field = path.slice(root.length);
    if (!fields.has(field)) fields.set(field, message);
  }
  return { fields, other: rest.length === 0 ? null : rest.join('; ') };
}

/** The message for a field or anything inside it: `auth.password` finds `auth.password.value`. */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  for (const [path, message] of errors.fields) {
    if (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) return message;
  }
  return undefined;
}
