import { z } from 'zod';
import { quote } from './quote.js';

/**
 * An object that refuses keys it does not know, naming them and the fields it has. Every object
 * reachable from a method input is built with this (a contract test walks them all): a misspelt
 * field (`isregex` for `isRegex`) must be an error, not silently fall back to its default.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFieldsMessage(issue.keys, fields) : undefined),
  });
}

const LISTED_UNKNOWN = 5;

function unknownFieldsMessage(keys: readonly string[], fields: readonly string[]): string {
  const named = keys.slice(0, LISTED_UNKNOWN).map((key) => {
    const meant = closeField(key, fields);
    return meant === undefined ? quote(key) : `${quote(key)} (did you mean "${meant}"?)`;
  });
  const more = keys.length > LISTED_UNKNOWN ? ` and ${keys.length - LISTED_UNKNOWN} more` : '';
  const expected = fields.length === 0 ? 'expected no fields' : `expected ${fields.join(', ')}`;
  return `unknown field${keys.length === 1 ? '' : 's'} ${named.join(', ')}${more}; ${expected}`;
}

/** The field a key was probably meant as: the same letters but for case, "-", "_" or a trailing "s". */
function closeField(key: string, fields: readonly string[]): string | undefined {
  const plain = (name: string) => name.toLowerCase().replace(/[-_]/g, '').replace(/s$/, '');
  return fields.find((field) => plain(field) === plain(key));
}
