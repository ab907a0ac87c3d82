import { z } from 'zod';
import { quote } from '../contract/quote.js';

/** Identifiers and time zones, shared by every section of the fleet file. */

export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected an id of lowercase letters, digits, ".", "_" or "-" (at most 63)');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .refine(isTimeZone, { error: (issue) => `expected an IANA time zone such as "Australia/Sydney", got ${quote(String(issue.input))}` });

export const EnvironmentKind = z.enum(['production', 'uat', 'training', 'internal']);
export type EnvironmentKind = z.infer<typeof EnvironmentKind>;

/** Release rings of the shared-service model (DOMAIN.md, model A). */
export const Ring = z.enum(['internal', 'early-access', 'beta', 'production']);
export type Ring = z.infer<typeof Ring>;
